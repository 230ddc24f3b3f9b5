// Command helmrender renders a Helm chart the way `helm template` does, for
// machines where Helm itself cannot be installed: Go's text/template with
// the sprig functions (as Helm), Helm's `include`, `toYaml` and `required`,
// and the built-in objects .Values, .Chart and .Release. It is enough for the
// templates of deploy/helm/demo-exporter, which use nothing else.
//
// Usage: helmrender CHART_DIR [RELEASE_NAME [NAMESPACE [VALUES_OVERRIDE.yaml]]]
// Prints every rendered manifest, each after `---` and a `# Source:` line.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type chart struct {
	Name       string `yaml:"name"`
	Version    string `yaml:"version"`
	AppVersion string `yaml:"appVersion"`
}

type release struct {
	Name      string
	Namespace string
	Service   string
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "helmrender: "+format+"\n", args...)
	os.Exit(1)
}

func readYAML(path string, into interface{}) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		fail("%s: %v", path, err)
	}
}

// merge overlays src onto dst, map by map, as Helm merges values files.
func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if sub, ok := v.(map[string]interface{}); ok {
			if d, ok := dst[k].(map[string]interface{}); ok {
				merge(d, sub)
				continue
			}
		}
		dst[k] = v
	}
}

func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func main() {
	args := append(os.Args[1:], "", "", "", "")
	dir := args[0]
	if dir == "" {
		fail("usage: helmrender CHART_DIR [RELEASE_NAME [NAMESPACE [VALUES.yaml]]]")
	}
	rel := release{Name: "demo-exporter", Namespace: "monitoring", Service: "Helm"}
	if args[1] != "" {
		rel.Name = args[1]
	}
	if args[2] != "" {
		rel.Namespace = args[2]
	}
	var c chart
	readYAML(filepath.Join(dir, "Chart.yaml"), &c)
	values := map[string]interface{}{}
	readYAML(filepath.Join(dir, "values.yaml"), &values)
	if args[3] != "" {
		override := map[string]interface{}{}
		readYAML(args[3], &override)
		merge(values, override)
	}

	root := template.New("chart")
	funcs := sprig.TxtFuncMap()
	funcs["toYaml"] = toYAML
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	root.Funcs(funcs).Option("missingkey=zero")

	files, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	sort.Strings(files)
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
		}
		if _, err := root.New(filepath.Base(f)).Parse(string(text)); err != nil {
			fail("%v", err)
		}
	}
	data := map[string]interface{}{
		"Values":  values,
		"Chart":   map[string]interface{}{"Name": c.Name, "Version": c.Version, "AppVersion": c.AppVersion},
		"Release": map[string]interface{}{"Name": rel.Name, "Namespace": rel.Namespace, "Service": rel.Service},
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "_") || !strings.HasSuffix(name, ".yaml") {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			fail("%s: %v", name, err)
		}
		if strings.TrimSpace(buf.String()) == "" {
			continue
		}
		fmt.Printf("---\n# Source: %s/templates/%s\n%s\n", c.Name, name, strings.TrimSpace(buf.String()))
	}
}
