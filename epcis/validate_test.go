package epcis

import (
	"errors"
	"strings"
	"testing"
)

// validDoc is a small valid document with one ObjectEvent.
const validDoc = `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z",
"epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-01-01T10:00:00+01:00",
"eventTimeZoneOffset":"+01:00","action":"OBSERVE","bizStep":"receiving",
"quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/L1","quantity":12.5,"uom":"KGM"}]}]}}`

// Broken documents are refused, each with a problem at the JSON pointer of
// what is wrong and a message that names it.
func TestValidate_RefusesBrokenDocuments(t *testing.T) {
	const ev = "/epcisBody/eventList/0"
	cases := []struct {
		name, from, to, pointer, says string
	}{
		{"MissingEventTime", `"eventTime":"2025-01-01T10:00:00+01:00",`, ``, ev, "eventTime"},
		{"BadAction", `"OBSERVE"`, `"MOVE"`, ev + "/action", "OBSERVE"},
		{"UnknownEventType", `"type":"ObjectEvent"`, `"type":"ShipmentEvent"`, ev + "/type", "uri"},
		{"QuantityNotANumber", `"quantity":12.5`, `"quantity":"12.5 kg"`, ev + "/quantityList/0/quantity", "number"},
		{"BizStepAsCBVURN", `"receiving"`, `"urn:epcglobal:cbv:bizstep:receiving"`, ev + "/bizStep", "CBV URN"},
		{"BadTimeZoneOffset", `"eventTimeZoneOffset":"+01:00"`, `"eventTimeZoneOffset":"CET"`, ev + "/eventTimeZoneOffset", "pattern"},
		{"BadEventTime", `"2025-01-01T10:00:00+01:00"`, `"yesterday"`, ev + "/eventTime", "date-time"},
	}
	if err := Validate([]byte(validDoc)); err != nil {
		t.Fatalf("the base document must be valid: %v", err)
	}
	refused := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(validDoc, c.from, c.to, 1)
			if doc == validDoc {
				t.Fatal("mutation did not apply")
			}
			var ve *ValidationError
			if !errors.As(Validate([]byte(doc)), &ve) {
				t.Fatalf("document accepted:\n%s", doc)
			}
			if !hasProblem(ve, c.pointer, c.says) {
				t.Fatalf("no problem at %s saying %q; got:\n%v", c.pointer, c.says, ve)
			}
			refused++
		})
	}
	t.Logf("broken documents refused with the right pointer: %d of %d", refused, len(cases))
}

func hasProblem(ve *ValidationError, pointer, says string) bool {
	for _, p := range ve.Problems {
		if p.Pointer == pointer && strings.Contains(p.Message, says) {
			return true
		}
	}
	return false
}

func TestValidate_NotJSONIsAProblemOfTheWholeDocument(t *testing.T) {
	var ve *ValidationError
	if !errors.As(Validate([]byte(`{"type":`)), &ve) || len(ve.Problems) != 1 || ve.Problems[0].Pointer != "" {
		t.Fatalf("got %v", ve)
	}
}

// The decoder refuses what it cannot read, with the pointer, even without
// schema validation.
func TestDecodeDocument_RefusesWithPointer(t *testing.T) {
	cases := []struct{ name, from, to, pointer string }{
		{"MissingEventTime", `"eventTime":"2025-01-01T10:00:00+01:00",`, ``, "/epcisBody/eventList/0/eventTime"},
		{"QuantityNotANumber", `"quantity":12.5`, `"quantity":"12.5 kg"`, "/epcisBody/eventList/0/quantityList/0/quantity"},
		{"BadEventTime", `"2025-01-01T10:00:00+01:00"`, `"yesterday"`, "/epcisBody/eventList/0/eventTime"},
		{"NotADocument", `"type":"EPCISDocument"`, `"type":"Invoice"`, "/type"},
		{"NoEventList", `"eventList"`, `"events"`, "/epcisBody"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeDocument([]byte(strings.Replace(validDoc, c.from, c.to, 1)))
			var de *DecodeError
			if !errors.As(err, &de) || de.Pointer != c.pointer {
				t.Fatalf("got %v, want a DecodeError at %s", err, c.pointer)
			}
		})
	}
}
