package epcis

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The official EPCIS 2.0 JSON Schema and JSON-LD context, embedded so that
// validation needs neither the network nor files beside the binary. See
// schema/NOTICE for their source and licence.
//
//go:embed schema/EPCIS-JSON-Schema.json schema/epcis-context.jsonld
var schemaFS embed.FS

const (
	schemaFile  = "schema/EPCIS-JSON-Schema.json"
	contextFile = "schema/epcis-context.jsonld"

	// SchemaID is the $id of the embedded EPCIS 2.0 JSON Schema.
	SchemaID = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json"
)

// SchemaJSON returns the embedded EPCIS 2.0 JSON Schema.
func SchemaJSON() []byte { return mustEmbedded(schemaFile) }

// ContextJSONLD returns the embedded EPCIS 2.0 JSON-LD context, the document
// that ContextURL names.
func ContextJSONLD() []byte { return mustEmbedded(contextFile) }

func mustEmbedded(name string) []byte {
	b, err := schemaFS.ReadFile(name)
	if err != nil {
		panic("epcis: embedded file missing: " + name) // a build error, not a run-time one
	}
	return b
}

// Problem is one way in which a document breaks the EPCIS 2.0 schema.
type Problem struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value in the
	// document ("" is the whole document).
	Pointer string `json:"pointer"`
	// Message says what is wrong, for a person.
	Message string `json:"message"`
}

// String returns the problem as "pointer: message".
func (p Problem) String() string {
	ptr := p.Pointer
	if ptr == "" {
		ptr = "(document)"
	}
	return ptr + ": " + p.Message
}

// ValidationError is returned for a document that is not valid EPCIS 2.0
// JSON. It lists every problem the schema found, in document order.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one a line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "not a valid EPCIS 2.0 document (%d problems)", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Validator checks documents and events against the embedded EPCIS 2.0
// JSON Schema. It is safe for concurrent use; compile it once.
type Validator struct {
	schema *jsonschema.Schema
}

// NewValidator compiles the embedded schema, with format assertions on
// (date-time, uri). Patterns are RE2, except the schema's negative
// lookaheads, which are translated (see lookaheadRegexp).
func NewValidator() (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON()))
	if err != nil {
		return nil, fmt.Errorf("read EPCIS schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(lookaheadRegexp)
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, fmt.Errorf("load EPCIS schema: %w", err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		return nil, fmt.Errorf("compile EPCIS schema: %w", err)
	}
	return &Validator{schema: s}, nil
}

// defaultValidator is compiled on first use; the compiled schema is
// immutable, so sharing it is safe.
var defaultValidator = sync.OnceValues(NewValidator)

// Validate checks doc (an EPCISDocument, an EPCISQueryDocument or a single
// event) with a validator compiled once per process. See Validator.Validate.
// A document that the fast path proves valid (see fastValid) is accepted
// without the schema library; any other is checked by the library, which
// lists the problems.
func Validate(doc []byte) error {
	if fastValid(doc) {
		return nil
	}
	return validateSchema(doc)
}

// validateSchema checks doc with the schema library alone.
func validateSchema(doc []byte) error {
	v, err := defaultValidator()
	if err != nil {
		return err
	}
	return v.Validate(doc)
}

// Validate checks doc against the schema. It returns nil when doc is valid,
// and a *ValidationError listing every problem when it is not, including
// when doc is not JSON at all.
func (v *Validator) Validate(doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return &ValidationError{Problems: []Problem{{Message: "not JSON: " + err.Error()}}}
	}
	return v.ValidateValue(inst)
}

// ValidateValue checks a document already decoded the way the schema
// library expects (numbers as json.Number, as jsonschema.UnmarshalJSON
// gives them).
func (v *Validator) ValidateValue(inst any) error {
	err := v.schema.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return fmt.Errorf("validate EPCIS document: %w", err)
	}
	return &ValidationError{Problems: problems(ve)}
}

// printer renders the schema library's messages in English.
var printer = message.NewPrinter(language.English)

// problems flattens the error tree into its leaves: the keywords that
// failed, each at the value it failed on. Inner nodes ("allOf failed",
// "if-then failed") only say that a leaf below failed.
func problems(root *jsonschema.ValidationError) []Problem {
	var out []Problem
	seen := map[Problem]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		p := Problem{Pointer: pointer(e.InstanceLocation), Message: humanMessage(e.ErrorKind)}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	walk(root)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

// humanMessage renders an error for a person. The schema's two negative
// lookahead patterns would read as regular expressions; they are said in
// words instead.
func humanMessage(k jsonschema.ErrorKind) string {
	if p, ok := k.(*kind.Pattern); ok {
		switch {
		case strings.HasPrefix(p.Want, "^(?!(urn:epcglobal:cbv"):
			return fmt.Sprintf("%q is a CBV URN, the XML form; EPCIS JSON needs the bare CBV term (such as \"receiving\") or its web URI (https://ref.gs1.org/cbv/...)", p.Got)
		case strings.HasPrefix(p.Want, "^(?!(https?:"):
			return fmt.Sprintf("%q is a GS1 Web Vocabulary URI; EPCIS JSON needs the bare term (such as \"Temperature\")", p.Got)
		}
	}
	return k.LocalizedString(printer)
}

// pointer joins reference tokens into an RFC 6901 JSON pointer.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
