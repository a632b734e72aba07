package epcis

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// VocabularyElement is one element of a document's master data
// (epcisHeader.epcisMasterData.vocabularyList): what a partner says about
// a location, a product class, a business step, ... that its events name.
type VocabularyElement struct {
	// Type is the vocabulary's type as written, for example
	// urn:epcglobal:epcis:vtype:BusinessLocation.
	Type string
	// ID is the element's identifier in the spelling events are indexed
	// by: a GS1 key as its canonical Digital Link, a business step or a
	// disposition as its bare CBV term (ElementID).
	ID string
	// Written is the identifier as the document wrote it.
	Written    string
	Attributes []VocabularyAttribute
	// Children are the identifiers of the elements below this one (a
	// site's sub-locations), in the spelling of ID.
	Children []string
}

// VocabularyAttribute is one attribute of a vocabulary element.
type VocabularyAttribute struct {
	// IRI is the attribute's name expanded with the document's prefixes:
	// urn:epcglobal:cbv:mda:name for cbvmda:name, and for its EPCIS 1.x
	// form urn:epcglobal:cbv:mda#name. Alias is the name as written when
	// its prefix is one only the document's context defines, else "" (as
	// the field parameters name such properties).
	IRI, Alias string
	// Value is the attribute's value as written (JSON), except that in an
	// object the member names whose prefix only the document's context
	// defines are written as the IRIs they stand for (expandValueNames), so
	// that the value means the same in a document without that context.
	Value json.RawMessage
	// Key is the value as EQ_ATTR_ compares it (AttributeKeys), or "" for
	// an object, which only HASATTR_ finds.
	Key string
}

// ElementID is a vocabulary element's identifier in the spelling the
// event's fields are indexed by, for a vocabulary of type vtype: the bare
// CBV term of a business step or disposition, else the canonical
// identifier.
func ElementID(vtype, id string) string {
	switch vocabularyKind(vtype) {
	case "BusinessStep":
		return BizStepTerm(id)
	case "Disposition":
		return DispositionTerm(id)
	}
	return CanonicalID(id)
}

// vocabularyKind is the last part of a vocabulary type's URI
// (urn:epcglobal:epcis:vtype:BusinessStep: BusinessStep).
func vocabularyKind(vtype string) string {
	return vtype[strings.LastIndexAny(vtype, ":/#")+1:]
}

// AttributeKeys are the keys an EQ_ATTR_ value v matches: a string
// attribute of that text, and, when v reads as a number, a number attribute
// of that value. (EPCIS's schema allows attribute values that are strings,
// numbers or objects.)
func AttributeKeys(v string) []string {
	keys := []string{"s:" + v}
	if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
		keys = append(keys, numberKey(f))
	}
	return keys
}

func numberKey(f float64) string { return "n:" + strconv.FormatFloat(f, 'g', -1, 64) }

// attributeKey is the key of an attribute's value (AttributeKeys).
func attributeKey(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch v := v.(type) {
	case string:
		return "s:" + v, nil
	case float64:
		return numberKey(v), nil
	}
	return "", nil
}

// masterDataJSON is epcisHeader as far as master data goes.
type masterDataJSON struct {
	MasterData *struct {
		Vocabularies []struct {
			Type     string `json:"type"`
			Elements []struct {
				ID         *string `json:"id"`
				Attributes []struct {
					ID        *string         `json:"id"`
					Attribute json.RawMessage `json:"attribute"`
				} `json:"attributes"`
				Children []string `json:"children"`
			} `json:"vocabularyElementList"`
		} `json:"vocabularyList"`
	} `json:"epcisMasterData"`
}

// decodeMasterData decodes the vocabulary elements of a document's header,
// in document order, with the prefixes of the document's context. An
// element listed twice is returned twice. An error is a *DecodeError naming
// the JSON pointer of the value that is wrong.
func decodeMasterData(header, context json.RawMessage) ([]VocabularyElement, error) {
	if len(header) == 0 {
		return nil, nil
	}
	var h masterDataJSON
	if err := json.Unmarshal(header, &h); err != nil {
		return nil, &DecodeError{Pointer: "/epcisHeader", Err: fmt.Errorf("master data: %w", err)}
	}
	if h.MasterData == nil {
		return nil, nil
	}
	prefixes := prefixesInForce([]json.RawMessage{context}, nil)
	var out []VocabularyElement
	for i, voc := range h.MasterData.Vocabularies {
		at := fmt.Sprintf("/epcisHeader/epcisMasterData/vocabularyList/%d", i)
		if strings.TrimSpace(voc.Type) == "" {
			return nil, &DecodeError{Pointer: at + "/type", Err: errors.New("a vocabulary needs its type")}
		}
		for j, el := range voc.Elements {
			at := fmt.Sprintf("%s/vocabularyElementList/%d", at, j)
			if el.ID == nil || strings.TrimSpace(*el.ID) == "" {
				return nil, &DecodeError{Pointer: at + "/id", Err: errors.New("a vocabulary element needs its id")}
			}
			ve := VocabularyElement{Type: voc.Type, ID: ElementID(voc.Type, *el.ID), Written: *el.ID}
			for k, a := range el.Attributes {
				at := fmt.Sprintf("%s/attributes/%d", at, k)
				if a.ID == nil || strings.TrimSpace(*a.ID) == "" {
					return nil, &DecodeError{Pointer: at + "/id", Err: errors.New("an attribute needs its id")}
				}
				if nullToNil(a.Attribute) == nil {
					continue // a null attribute is no attribute (HASATTR_)
				}
				key, err := attributeKey(a.Attribute)
				if err != nil {
					return nil, &DecodeError{Pointer: at + "/attribute", Err: err}
				}
				iri, alias := attributeName(prefixes, *a.ID)
				ve.Attributes = append(ve.Attributes, VocabularyAttribute{IRI: iri, Alias: alias, Value: expandValueNames(prefixes, compactJSON(a.Attribute)), Key: key})
			}
			for _, c := range el.Children {
				ve.Children = append(ve.Children, ElementID(voc.Type, c))
			}
			out = append(out, ve)
		}
	}
	return out, nil
}

// attributeName is the IRI and alias of an attribute's name, as an event
// property's (fieldIndexer.names).
func attributeName(prefixes map[string]string, name string) (iri, alias string) {
	fx := fieldIndexer{prefixes: prefixes}
	return fx.names(strings.TrimSpace(name))
}

// expandValueNames writes the member names of an object value (at any
// depth) whose prefix only the document's context defines as the IRIs they
// stand for: {"ex:city":"Oslo"} with ex for https://example.com/ns/ becomes
// {"https://example.com/ns/city":"Oslo"}. Names of EPCIS's own prefixes
// (cbvmda:, gs1:, ...) and plain terms stay as written, as does a value with
// nothing to expand, byte for byte.
func expandValueNames(prefixes map[string]string, raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || (raw[0] != '{' && raw[0] != '[') {
		return raw
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers keep their digits
	var v any
	if dec.Decode(&v) != nil {
		return raw
	}
	changed := false
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, m := range v {
				if iri, alias := attributeName(prefixes, k); alias != "" {
					k, changed = iri, true
				}
				out[k] = walk(m)
			}
			return out
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		}
		return v
	}
	v = walk(v)
	if !changed {
		return raw
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" stays "<", as written
	if enc.Encode(v) != nil {
		return raw
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// ItemClass is the class of the trade item that id, a canonical
// identifier, is a lot or an instance of: https://id.gs1.org/01/{gtin} for
// …/01/{gtin}/10/{lot} and …/01/{gtin}/21/{serial}, and
// urn:lotledger:class:{sku} for urn:lotledger:class:{sku}:{lot}; else "".
func ItemClass(id string) string {
	if rest, ok := strings.CutPrefix(id, dlGTIN); ok {
		if len(rest) > 18 && (rest[14:18] == dlLot || rest[14:18] == "/21/") {
			return id[:len(dlGTIN)+14]
		}
		return ""
	}
	if rest, ok := strings.CutPrefix(id, urnClass); ok {
		if sku, _, found := strings.Cut(rest, ":"); found && sku != "" {
			return urnClass + sku
		}
	}
	return ""
}

// compactJSON is raw without insignificant white space.
func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// VocabularyIDs calls yield with every identifier of e that master data
// may describe, in the spelling of VocabularyElement.ID: the read point and
// business location, the business step and dispositions, every instance and
// class and the trade item each is of (ItemClass), and the sources and
// destinations. A value may come more than once.
func (e *Event) VocabularyIDs(yield func(string)) {
	id := func(v string) {
		if v = CanonicalID(v); v != "" {
			yield(v)
			if item := ItemClass(v); item != "" {
				yield(item)
			}
		}
	}
	ids := func(vs []string) {
		for _, v := range vs {
			id(v)
		}
	}
	classes := func(qs []QuantityElement) {
		for _, q := range qs {
			id(q.EPCClass)
		}
	}
	term := func(v string, of func(string) string) {
		if v != "" {
			yield(of(v))
		}
	}
	id(e.ReadPoint)
	id(e.BizLocation)
	term(e.BizStep, BizStepTerm)
	term(e.Disposition, DispositionTerm)
	if pd := e.PersistentDisposition; pd != nil {
		for _, d := range append(slices.Clip(pd.Set), pd.Unset...) {
			term(d, DispositionTerm)
		}
	}
	id(e.ParentID)
	for _, l := range [][]string{e.EPCList, e.ChildEPCs, e.InputEPCList, e.OutputEPCList} {
		ids(l)
	}
	for _, l := range [][]QuantityElement{e.QuantityList, e.ChildQuantityList, e.InputQuantityList, e.OutputQuantityList} {
		classes(l)
	}
	for _, l := range [][]SourceDest{e.SourceList, e.DestinationList} {
		for _, sd := range l {
			id(sd.ID)
		}
	}
}

// masterData writes els as an epcisMasterData object: one vocabulary
// per type, in the order the types first come, each element with the
// identifier it was written with. An attribute is named by its IRI,
// written with the cbvmda: prefix of the EPCIS context where it has that
// prefix; its value is written as it was captured.
func (w *writer) masterData(els []VocabularyElement) {
	var types []string
	byType := map[string][]*VocabularyElement{}
	for i := range els {
		el := &els[i]
		if _, ok := byType[el.Type]; !ok {
			types = append(types, el.Type)
		}
		byType[el.Type] = append(byType[el.Type], el)
	}
	w.open('{')
	w.key("vocabularyList")
	w.open('[')
	for _, t := range types {
		w.open('{')
		w.field("type", t)
		w.key("vocabularyElementList")
		w.open('[')
		for _, el := range byType[t] {
			w.open('{')
			w.field("id", cmp.Or(el.Written, el.ID))
			if len(el.Attributes) > 0 {
				w.key("attributes")
				w.open('[')
				for _, a := range el.Attributes {
					w.open('{')
					w.field("id", compactIRI(a.IRI))
					w.key("attribute")
					w.b = append(w.b, a.Value...)
					w.close('}')
				}
				w.close(']')
			}
			if len(el.Children) > 0 {
				w.key("children")
				w.open('[')
				for _, c := range el.Children {
					w.str(c)
				}
				w.close(']')
			}
			w.close('}')
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
	w.close('}')
}

// compactIRI writes an attribute IRI of the CBV master data namespace with
// the EPCIS context's cbvmda: prefix.
func compactIRI(iri string) string {
	if rest, ok := strings.CutPrefix(iri, cbvmdaIRI); ok && rest != "" {
		return "cbvmda:" + rest
	}
	return iri
}

// cbvmdaIRI is what the EPCIS context's cbvmda: prefix stands for.
const cbvmdaIRI = "urn:epcglobal:cbv:mda:"
