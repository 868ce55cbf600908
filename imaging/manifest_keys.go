package imaging

import (
	"bytes"
	"encoding/json"
	"fmt"
)

var (
	manifestKeys = keySet("arch", "artifacts", "cmdline", "imported_at", "imported_by", "name", "parent", "schema", "version")
	artifactKeys = keySet("digest", "role", "size", "source")
)

func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// checkKeys walks the JSON tokens of a manifest and refuses keys that
// encoding/json would otherwise accept loosely: different case ("Name")
// and duplicates (last one wins). Unknown keys are refused here too.
// Values are not checked: the decoder does that.
func checkKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	return walkObject(dec, manifestKeys, true)
}

// walkObject reads one JSON value; when it is an object, its keys must be
// in allowed, each at most once. In the top-level manifest object, the
// elements of "artifacts" are checked against artifactKeys.
func walkObject(dec *json.Decoder, allowed map[string]bool, top bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return skipRest(dec, tok)
	}
	seen := map[string]bool{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := k.(string)
		if !allowed[key] || seen[key] {
			return fmt.Errorf("unknown or repeated key %q", key)
		}
		seen[key] = true
		if err := walkValue(dec, top && key == "artifacts"); err != nil {
			return err
		}
	}
	_, err = dec.Token() // '}'
	return err
}

// walkValue reads one value; an array of artifacts has each element
// checked, anything else is skipped.
func walkValue(dec *json.Decoder, artifacts bool) error {
	if !artifacts {
		return skipValue(dec)
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return skipRest(dec, tok)
	}
	for dec.More() {
		if err := walkObject(dec, artifactKeys, false); err != nil {
			return err
		}
	}
	_, err = dec.Token() // ']'
	return err
}

func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return skipRest(dec, tok)
}

// skipRest consumes the rest of a value whose first token was tok.
func skipRest(dec *json.Decoder, tok json.Token) error {
	depth := 0
	for {
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
}
