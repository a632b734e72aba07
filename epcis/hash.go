package epcis

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HashVersion is the version of the event hash algorithm: the one CBV 2.0
// specifies (section 8.9, "Event hash ID").
const HashVersion = "CBV2.0"

// EventHash returns the CBV 2.0 event hash ID of one event,
// "ni:///sha-256;{hex}?ver=CBV2.0" (RFC 6920). Different serialisations of
// the same event give the same hash: field and list order, CBV spelling
// (bare, web URI, URN), EPC URN or Digital Link, namespace prefixes, time
// zone of eventTime, and trailing zeros of numbers do not matter. contexts
// are the @context values in force around the event (the document's); the
// event's own @context is applied after them.
//
// eventID, recordTime, errorDeclaration, certificationInfo and rdfs:comment
// are not hashed: the hash names what happened, and a later error
// declaration must not change it.
func EventHash(event json.RawMessage, contexts ...json.RawMessage) (string, error) {
	pre, err := PreHashString(event, contexts...)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(pre))
	return "ni:///sha-256;" + hex.EncodeToString(sum[:]) + "?ver=" + HashVersion, nil
}

// PreHashString returns the canonical pre-hash string of an event, the text
// that EventHash digests: the event's values in the canonical property
// order, as key=value pairs without separators, lists sorted.
func PreHashString(event json.RawMessage, contexts ...json.RawMessage) (string, error) {
	v, err := decodeAny(event)
	if err != nil {
		return "", fmt.Errorf("hash event: %w", err)
	}
	ev, ok := v.(map[string]any)
	if !ok {
		return "", fmt.Errorf("hash event: not a JSON object")
	}
	h := hasher{ns: namespaces(ev, contexts)}
	h.event(ev)
	return h.b.String(), nil
}

// namespaces returns the prefixes in force for an event. The hasher only
// reads them, so the prefixes of a document's contexts are worked out once
// and shared by its events (docPrefixes); an event with a context of its
// own gets a copy.
func namespaces(ev map[string]any, contexts []json.RawMessage) map[string]string {
	m := docPrefixes(contexts)
	if own, ok := ev["@context"]; ok {
		raw, _ := json.Marshal(own)
		m = addPrefixes(copyMap(m), raw)
	}
	return m
}

// docPrefixes returns the prefixes of the standard context and contexts,
// remembered for the first maxPrefixCache distinct contexts seen.
func docPrefixes(contexts []json.RawMessage) map[string]string {
	var key strings.Builder
	for _, c := range contexts {
		key.Write(c)
		key.WriteByte(0)
	}
	if m, ok := prefixCache.Load(key.String()); ok {
		return m.(map[string]string)
	}
	m := standardPrefixes()
	for _, c := range contexts {
		m = addPrefixes(m, c)
	}
	if prefixCacheSize.Add(1) <= maxPrefixCache && key.Len() <= maxPrefixKey {
		prefixCache.Store(key.String(), m)
	}
	return m
}

// The cache of contexts' prefixes holds at most maxPrefixCache contexts of
// at most maxPrefixKey bytes: partners send a handful of distinct contexts,
// and a stranger's stream of new ones must not fill memory. Past the bound,
// prefixes are worked out per event, as before the cache.
var (
	prefixCache     sync.Map
	prefixCacheSize atomic.Int64
)

const (
	maxPrefixCache = 256
	maxPrefixKey   = 64 << 10
)

// hasher writes a pre-hash string.
type hasher struct {
	ns map[string]string
	b  strings.Builder
}

// event writes the fields in the canonical property order of CBV 2.0.
func (h *hasher) event(ev map[string]any) {
	h.pair("eventType", eventType(str(ev["type"])))
	h.pairIf("eventTime", hashTime(str(ev["eventTime"])))
	h.pairIf("eventTimeZoneOffset", strings.TrimSpace(str(ev["eventTimeZoneOffset"])))
	h.idList(ev, "epcList")
	h.pairIf("parentID", canonicalID(strings.TrimSpace(str(ev["parentID"]))))
	h.idList(ev, "inputEPCList")
	h.idList(ev, "childEPCs")
	h.quantities(ev, "quantityList")
	h.quantities(ev, "childQuantityList")
	h.quantities(ev, "inputQuantityList")
	h.idList(ev, "outputEPCList")
	h.quantities(ev, "outputQuantityList")
	h.pairIf("action", str(ev["action"]))
	h.pairIf("transformationID", canonicalID(str(ev["transformationID"])))
	h.pairIf("bizStep", cbvValue(vocabBizStep, ev["bizStep"]))
	h.pairIf("disposition", cbvValue(vocabDisposition, ev["disposition"]))
	h.persistent(ev["persistentDisposition"])
	h.place("readPoint", ev["readPoint"])
	h.place("bizLocation", ev["bizLocation"])
	h.typedList(ev, "bizTransactionList", "bizTransaction", vocabBTT)
	h.typedList(ev, "sourceList", "source", vocabSDT)
	h.typedList(ev, "destinationList", "destination", vocabSDT)
	h.sensors(ev["sensorElementList"])
	h.ilmd(ev["ilmd"])
	h.extensions(ev)
}

func (h *hasher) pair(k, v string) {
	h.b.WriteString(k)
	h.b.WriteByte('=')
	h.b.WriteString(v)
}

func (h *hasher) pairIf(k, v string) {
	if v != "" {
		h.pair(k, v)
	}
}

// idList writes "epcList" then "epc=" and each identifier, sorted.
func (h *hasher) idList(ev map[string]any, name string) {
	items, _ := ev[name].([]any)
	if len(items) == 0 {
		return
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		ids = append(ids, "epc="+canonicalID(strings.TrimSpace(str(it))))
	}
	sort.Strings(ids)
	h.b.WriteString(name)
	writeAll(&h.b, ids)
}

// quantities writes a quantity list, each element as
// "quantityElementepcClass=...quantity=...uom=...", sorted.
func (h *hasher) quantities(ev map[string]any, name string) {
	items, _ := ev[name].([]any)
	if len(items) == 0 {
		return
	}
	elems := make([]string, 0, len(items))
	for _, it := range items {
		q, _ := it.(map[string]any)
		s := "quantityElementepcClass=" + canonicalID(strings.TrimSpace(str(q["epcClass"])))
		if n := scalarText(q["quantity"]); n != "" {
			s += "quantity=" + n
		}
		if u := str(q["uom"]); u != "" {
			s += "uom=" + u
		}
		elems = append(elems, s)
	}
	sort.Strings(elems)
	h.b.WriteString(name)
	writeAll(&h.b, elems)
}

// persistent writes "persistentDisposition", then set= and unset= values as
// web URIs, each group sorted.
func (h *hasher) persistent(v any) {
	pd, ok := v.(map[string]any)
	if !ok {
		return
	}
	h.b.WriteString("persistentDisposition")
	for _, k := range [...]string{"set", "unset"} {
		items, _ := pd[k].([]any)
		vals := make([]string, 0, len(items))
		for _, it := range items {
			vals = append(vals, k+"="+cbvValue(vocabDisposition, it))
		}
		sort.Strings(vals)
		writeAll(&h.b, vals)
	}
}

// place writes "readPointid=..." or "bizLocationid=...".
func (h *hasher) place(name string, v any) {
	p, ok := v.(map[string]any)
	if !ok {
		return
	}
	h.b.WriteString(name)
	h.pairIf("id", canonicalID(strings.TrimSpace(str(p["id"]))))
}

// typedList writes a list of {type, value} pairs, each as
// "type=...value=...", sorted.
func (h *hasher) typedList(ev map[string]any, name, key string, voc vocab) {
	items, _ := ev[name].([]any)
	if len(items) == 0 {
		return
	}
	elems := make([]string, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		s := ""
		if t := cbvValue(voc, m["type"]); t != "" {
			s = "type=" + t
		}
		elems = append(elems, s+key+"="+canonicalID(strings.TrimSpace(str(m[key]))))
	}
	sort.Strings(elems)
	h.b.WriteString(name)
	writeAll(&h.b, elems)
}

func writeAll(b *strings.Builder, parts []string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// str returns v if it is a string.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// cbvValue returns a CBV value as its GS1 web URI.
func cbvValue(voc vocab, v any) string {
	s := strings.TrimSpace(str(v))
	if s == "" {
		return ""
	}
	return cbvWebURI(voc, s)
}

// hashTime writes a date-time as UTC with exactly three fractional digits,
// rounded half up; text that is not a date-time is kept.
func hashTime(s string) string {
	s = strings.TrimSpace(s)
	t, err := parseTime(s)
	if err != nil {
		return s
	}
	return t.UTC().Round(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
}

// scalarText renders a scalar value: numbers without trailing zeros,
// date-times in UTC, identifiers canonical, CBV URNs as web URIs.
func scalarText(v any) string {
	switch v := v.(type) {
	case json.Number:
		if c, ok := canonicalDecimal(v.String()); ok {
			return c
		}
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	case string:
		return stringText(strings.TrimSpace(v))
	}
	return ""
}

// stringText normalises a string value found in a sensor report or an
// extension.
func stringText(s string) string {
	if c, ok := canonicalDecimal(s); ok {
		return c
	}
	if len(s) >= 20 && s[4] == '-' && s[10] == 'T' {
		if _, err := parseTime(s); err == nil {
			return hashTime(s)
		}
	}
	if strings.HasPrefix(s, "urn:epcglobal:cbv:") {
		return cbvURNToWeb(s)
	}
	return canonicalID(s)
}

// cbvURNToWeb rewrites a CBV URN of any vocabulary as its web URI.
func cbvURNToWeb(s string) string {
	for _, voc := range [...]vocab{vocabBizStep, vocabDisposition, vocabBTT, vocabSDT, vocabErrorReason} {
		if t, ok := strings.CutPrefix(s, voc.urn); ok && t != "" {
			return cbvWebPrefix + voc.web + t
		}
	}
	return s
}
