package epcis

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzFastValidate feeds the fast path arbitrary bytes: it must not panic,
// and whatever it accepts the library must accept too. Seeds are GS1's
// examples, the schema's test instances and the package's own documents.
// go test -run '^$' -fuzz FuzzFastValidate ./epcis/
func FuzzFastValidate(f *testing.F) {
	f.Add([]byte(validDoc))
	f.Add(benchDocument(2))
	f.Add([]byte(`{"type":"EPCISQueryDocument","@context":"https://x.example/c","epcisBody":{"queryResults":{"queryName":"q","resultsBody":{"eventList":[]}}}}`))
	data := filepath.Join("..", "..", "shared", "testdata", "epcis")
	for _, pattern := range []string{"JSON/*.jsonld", "JSON/*/*.jsonld", "JSON-Schema/test/*.json"} {
		files, _ := filepath.Glob(filepath.Join(data, pattern))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if !fastValid(doc) {
			return
		}
		if err := validateSchema(doc); err != nil {
			t.Fatalf("fast path accepts a document the library refuses: %v\n%s", err, doc)
		}
	})
}
