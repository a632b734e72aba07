package epcis

import (
	"bytes"
	"encoding/json"
	"strings"
)

// EPC formats of the REST binding's GS1-EPC-Format header: how the
// identifiers of the events a repository answers with are written.
const (
	// EPCFormatDigitalLink writes them as GS1 Digital Links: the default,
	// when a client does not say.
	EPCFormatDigitalLink = "Always_GS1_Digital_Link"
	// EPCFormatAsCaptured keeps them as they were captured.
	EPCFormatAsCaptured = "Never_Translates"
	EPCFormatAny        = "No_Preference"
	EPCFormatURN        = "Always_EPC_URN"
)

// DigitalLinks returns event (JSON) with each string value that is an EPC
// URN with a GS1 Digital Link equivalent (urn:epc:id:sgtin:…,
// urn:epc:class:lgtin:…, urn:epc:id:sgln:…, …) written as that Digital
// Link on id.gs1.org, as CanonicalID gives it. Keys, other strings and
// URNs without an equivalent are left as they are, and so is the rest of
// the text, byte for byte; event itself is returned when nothing changes.
func DigitalLinks(event []byte) []byte {
	if !bytes.Contains(event, []byte(`"urn:epc:`)) {
		return event
	}
	var out []byte
	last := 0
	for i := 0; i < len(event); i++ {
		if event[i] != '"' {
			continue
		}
		end, escaped := stringEnd(event, i+1)
		if end < 0 {
			break
		}
		if s := string(event[i+1 : end]); !escaped && epcURN(s) && !isKey(event, end+1) {
			if dl := CanonicalID(s); dl != s && strings.HasPrefix(dl, "https://") && !strings.ContainsAny(dl, "\"\\") {
				out = append(append(out, event[last:i+1]...), dl...)
				last = end
			}
		}
		i = end
	}
	if out == nil {
		return event
	}
	return append(out, event[last:]...)
}

// DigitalLinkEvents is DigitalLinks of each event, in a new list.
func DigitalLinkEvents(events []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, len(events))
	for i, ev := range events {
		out[i] = DigitalLinks(ev)
	}
	return out
}

// epcURN reports whether s is an EPC URN of an instance or a class.
func epcURN(s string) bool {
	return strings.HasPrefix(s, "urn:epc:id:") || strings.HasPrefix(s, "urn:epc:class:")
}

// stringEnd is the index of the quote that closes the JSON string whose
// text starts at i, or -1; escaped reports a backslash inside it.
func stringEnd(b []byte, i int) (end int, escaped bool) {
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i, escaped
		}
	}
	return -1, escaped
}

// isKey reports whether the string that closed at i-1 is a member's name:
// a colon follows it.
func isKey(b []byte, i int) bool {
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return b[i] == ':'
	}
	return false
}
