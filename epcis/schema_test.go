package epcis

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The single-file EPCIS 2.0 JSON Schema is embedded in the package (see
// schema/NOTICE); the modular schemas it is generated from, and GS1's
// examples, live in the shared test data beside the repository
// (../shared/testdata/epcis from the repository root) and are not copied.
const modularSchemaID = "https://gs1.github.io/EPCIS/JSON-Schema/EPCIS-JSON-Schema.json"

// epcisTestData returns the shared EPCIS test-data folder, or skips the test
// when it is not there.
func epcisTestData(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test's directory; cannot find ../shared/testdata/epcis")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "testdata", "epcis")
	if _, err := os.Stat(filepath.Join(data, "EPCIS-JSON-Schema.json")); err != nil {
		t.Skipf("EPCIS JSON Schema not found at %s: %v", data, err)
	}
	return data
}

// schemas holds the compiled official schemas: the single-file one, as the
// package embeds it (the run-time validator), and the modular one it is
// generated from, read from the shared test data.
type schemas struct {
	single  *Validator
	modular *jsonschema.Schema
}

var (
	schemaOnce sync.Once
	schemaSet  schemas
	schemaErr  error
)

// mustSchemas compiles the schemas once per test binary. Every schema file
// is added as a resource under its $id, so references resolve offline; the
// compiler has no loader for https, so nothing is fetched.
func mustSchemas(t *testing.T) schemas {
	t.Helper()
	data := epcisTestData(t)
	schemaOnce.Do(func() { schemaSet, schemaErr = compileSchemas(data) })
	if schemaErr != nil {
		t.Fatalf("compile EPCIS schema: %v", schemaErr)
	}
	return schemaSet
}

func compileSchemas(data string) (schemas, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(lookaheadRegexp)
	var files []string
	err := filepath.WalkDir(filepath.Join(data, "JSON-Schema"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "test" {
			return filepath.SkipDir // test instances and user schemas that reuse an $id
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return schemas{}, err
	}
	for _, f := range files {
		if err := addResource(c, f); err != nil {
			return schemas{}, err
		}
	}
	var s schemas
	if s.single, err = NewValidator(); err != nil {
		return schemas{}, err
	}
	s.modular, err = c.Compile(modularSchemaID)
	return s, err
}

func addResource(c *jsonschema.Compiler, file string) error {
	doc, err := readJSON(file)
	if err != nil {
		return err
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	if id == "" {
		return errors.New(file + " has no $id")
	}
	return c.AddResource(id, doc)
}

func readJSON(file string) (any, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// validate checks doc against both forms of the official schema.
func (s schemas) validate(doc []byte) error {
	if err := s.single.Validate(doc); err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.modular.Validate(v)
}

var created = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

func TestEncodeEvent_EveryKindValidatesAgainstEPCISSchema(t *testing.T) {
	s := mustSchemas(t)
	fx := fixtures()
	names := make([]string, 0, len(fx))
	for name := range fx {
		names = append(names, name)
	}
	sort.Strings(names)
	var all []json.RawMessage
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			ev := mustEncode(t, fx[name])
			all = append(all, ev)
			doc, err := Document([]json.RawMessage{ev}, created)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.validate(doc); err != nil {
				t.Errorf("document is not valid EPCIS 2.0:\n%v\n%s", err, doc)
			}
			if err := s.validate(ev); err != nil {
				t.Errorf("standalone event is not valid EPCIS 2.0:\n%v\n%s", err, ev)
			}
		})
	}
	t.Run("AllInOneDocument", func(t *testing.T) {
		doc, err := Document(all, created)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.validate(doc); err != nil {
			t.Errorf("document of %d events is not valid: %v", len(all), err)
		}
	})
}

// The validator itself must be right for the test above to mean anything:
// it accepts GS1's own examples and rejects a document GS1 says is invalid
// (CBV values written as URNs).
func TestSchemaValidator_AcceptsGS1ExamplesAndRejectsCBVURNs(t *testing.T) {
	s := mustSchemas(t)
	data := epcisTestData(t)
	examples, _ := filepath.Glob(filepath.Join(data, "JSON", "*.jsonld"))
	more, _ := filepath.Glob(filepath.Join(data, "JSON", "*", "*.jsonld"))
	examples = append(examples, more...)
	if len(examples) == 0 {
		t.Fatal("no JSON-LD examples found")
	}
	for _, ex := range examples {
		b, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.validate(b); err != nil {
			t.Errorf("%s: %v", filepath.Base(ex), err)
		}
	}
	bad, err := os.ReadFile(filepath.Join(data, "XML", "WithEventHashID", "event_with_identical_hash_id_7.json"))
	if err != nil {
		t.Skipf("negative example missing: %v", err)
	}
	if err := s.validate(bad); err == nil {
		t.Error("a document with urn:epcglobal:cbv: values validated; the validator is not checking")
	}
}
