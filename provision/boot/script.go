// Package boot renders the iPXE scripts hosts fetch over HTTP after the
// first stage, and will serve image artifacts by digest.
package boot

import (
	"fmt"
	"io"
	"strings"
	"text/template"
)

// Script is what one boot of one host should do. With Kernel empty the
// host is told, on its console, why there is nothing to boot, and exits
// back to the firmware.
type Script struct {
	Host    string // host name; empty for an unknown MAC
	MAC     string
	State   string // the host's lifecycle state, for the console message
	Kernel  string // URL of the kernel
	Initrd  string // URL of the initrd
	Cmdline string // kernel command line (server URL, host, boot token, slot, image)
	Reason  string // why there is nothing to boot
}

var scriptTmpl = template.Must(template.New("ipxe").Funcs(template.FuncMap{"clean": clean}).Parse(
	`#!ipxe
{{- if .Kernel}}
echo ironbase: booting {{clean .Host}} ({{clean .MAC}})
kernel {{clean .Kernel}} initrd=initrd {{clean .Cmdline}}
initrd --name initrd {{clean .Initrd}}
boot || goto failed
:failed
echo ironbase: boot failed; retrying in 10 seconds
sleep 10
reboot
{{- else}}
echo ironbase: nothing to boot for {{if .Host}}host {{clean .Host}} ({{clean .MAC}}, {{clean .State}}){{else}}unknown MAC {{clean .MAC}}{{end}}
echo ironbase: {{clean .Reason}}
sleep 10
exit
{{- end}}
`))

// Render writes the iPXE script for s.
func Render(w io.Writer, s Script) error {
	if err := scriptTmpl.Execute(w, s); err != nil {
		return fmt.Errorf("boot: render script: %w", err)
	}
	return nil
}

// clean keeps a value on one line and out of iPXE's settings syntax, so no
// host name or tag can inject script commands.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7f, r == '$', r == '{', r == '}':
			return '_'
		}
		return r
	}, s)
}
