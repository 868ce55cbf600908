package provision

import "encoding/json"

func mustJSON(v map[string]string) json.RawMessage {
	b, _ := json.Marshal(v) // a map of strings always marshals
	return b
}
