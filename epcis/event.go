package epcis

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Event is one decoded EPCIS 2.0 event: the fields lotledger needs to apply
// it to stock, with CBV values as bare terms, plus the event's raw JSON.
// Fields that the event does not carry are left zero.
type Event struct {
	// Raw is the event exactly as it was in the document.
	Raw json.RawMessage
	// Context is the event's own @context, if it has one.
	Context json.RawMessage

	Type                string // ObjectEvent, AggregationEvent, ... or an extension type URI
	EventID             string
	EventTime           time.Time // as written, with its offset
	EventTimeZoneOffset string    // "+01:00"
	RecordTime          time.Time
	Action              string // ADD, OBSERVE, DELETE; "" for TransformationEvent
	BizStep             string // CBV bare term ("receiving") or a non-CBV URI
	Disposition         string
	ReadPoint           string
	BizLocation         string
	// ReadPointExtensions and BizLocationExtensions are the members of the
	// readPoint and bizLocation objects beside their id, raw; nil when
	// there are none.
	ReadPointExtensions   map[string]json.RawMessage
	BizLocationExtensions map[string]json.RawMessage

	EPCList      []string
	QuantityList []QuantityElement

	ParentID          string
	ChildEPCs         []string
	ChildQuantityList []QuantityElement

	InputEPCList       []string
	InputQuantityList  []QuantityElement
	OutputEPCList      []string
	OutputQuantityList []QuantityElement
	TransformationID   string

	BizTransactionList    []BizTransaction
	SourceList            []SourceDest
	DestinationList       []SourceDest
	PersistentDisposition *PersistentDisposition
	// ILMD is the instance/lot master data, property by property, raw.
	ILMD             map[string]json.RawMessage
	ErrorDeclaration *ErrorDeclaration
	// SensorElementList is the sensor data, raw.
	SensorElementList json.RawMessage
	// CertificationInfo holds the certificationInfo URI(s).
	CertificationInfo []string
	// Extensions holds every property that is not a standard EPCIS field
	// ("example:myField", "comment", ...), raw.
	Extensions map[string]json.RawMessage
}

// QuantityElement is a quantity of a class (lot, or GTIN without lot).
type QuantityElement struct {
	EPCClass string
	// Quantity is the exact decimal, canonical (no exponent, no trailing
	// zeros: 200.0 and 2e2 are "200"); "" when the element has none.
	Quantity string
	// UOM is the UN/ECE Rec 20 unit code; "" means a count of items.
	UOM string
}

// BizTransaction is a business transaction reference; Type is a bare CBV
// term ("po") or a URI, "" when untyped.
type BizTransaction struct {
	Type string
	ID   string
}

// SourceDest is a source or destination; Type is a bare CBV term
// ("owning_party", "possessing_party", "location") or a URI.
type SourceDest struct {
	Type string
	ID   string
}

// PersistentDisposition lists dispositions set and unset by the event, as
// bare CBV terms.
type PersistentDisposition struct {
	Set   []string
	Unset []string
}

// ErrorDeclaration marks the event as erroneous.
type ErrorDeclaration struct {
	DeclarationTime    time.Time
	Reason             string // bare CBV term: did_not_occur, incorrect_data
	CorrectiveEventIDs []string
	// Extensions are the declaration's own extension properties, raw.
	Extensions map[string]json.RawMessage
}

// DecodeEvent decodes one event (a JSON object) on its own.
func DecodeEvent(raw json.RawMessage) (Event, error) {
	var ev Event
	if err := decodeEvent(raw, &ev); err != nil {
		return Event{}, err
	}
	return ev, nil
}

func decodeEvent(raw json.RawMessage, ev *Event) error {
	if !startsObject(raw) {
		return errors.New("event is not a JSON object")
	}
	fields, ok := objectMembers(raw)
	if !ok { // not well-formed: encoding/json says where
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		for k, v := range m {
			fields = append(fields, member{k, v})
		}
	}
	ev.Raw = raw
	for _, f := range fields {
		if err := ev.setField(f.name, f.value); err != nil {
			return atPath("/"+escapeToken(f.name), err)
		}
	}
	ev.normalizeVocabulary()
	if ev.Type == "" {
		return &DecodeError{Pointer: "/type", Err: errors.New("event has no type")}
	}
	if ev.EventTime.IsZero() {
		return &DecodeError{Pointer: "/eventTime", Err: errors.New("event has no eventTime")}
	}
	return nil
}

// setField decodes one property of an event.
func (ev *Event) setField(k string, v json.RawMessage) error {
	if p := ev.stringField(k); p != nil {
		return decodeString(v, p)
	}
	if p := ev.epcListField(k); p != nil {
		return decodeStrings(v, p)
	}
	if p := ev.quantityListField(k); p != nil {
		return decodeQuantityList(v, p)
	}
	return ev.setOther(k, v)
}

// setOther decodes the fields that are neither strings nor lists.
func (ev *Event) setOther(k string, v json.RawMessage) error {
	var err error
	switch k {
	case "@context":
		ev.Context = v
	case "eventTime":
		ev.EventTime, err = decodeTime(v)
	case "recordTime":
		ev.RecordTime, err = decodeTime(v)
	case "readPoint":
		ev.ReadPoint, ev.ReadPointExtensions, err = decodePlace(v)
	case "bizLocation":
		ev.BizLocation, ev.BizLocationExtensions, err = decodePlace(v)
	case "bizTransactionList":
		ev.BizTransactionList, err = decodeBizTransactions(v)
	case "sourceList":
		ev.SourceList, err = decodeSourceDest(v, "source")
	case "destinationList":
		ev.DestinationList, err = decodeSourceDest(v, "destination")
	default:
		return ev.setRest(k, v)
	}
	return err
}

// setRest decodes the less common fields and keeps extensions.
func (ev *Event) setRest(k string, v json.RawMessage) error {
	var err error
	switch k {
	case "persistentDisposition":
		ev.PersistentDisposition, err = decodePersistent(v)
	case "errorDeclaration":
		ev.ErrorDeclaration, err = decodeErrorDeclaration(v)
	case "ilmd":
		err = decodeILMD(v, &ev.ILMD)
	case "sensorElementList":
		ev.SensorElementList = v
	case "certificationInfo":
		ev.CertificationInfo, err = decodeOneOrMany(v)
	default:
		if ev.Extensions == nil {
			ev.Extensions = make(map[string]json.RawMessage)
		}
		ev.Extensions[k] = v
	}
	return err
}

// stringField returns where the string property k goes, or nil.
func (ev *Event) stringField(k string) *string {
	switch k {
	case "type":
		return &ev.Type
	case "eventID":
		return &ev.EventID
	case "eventTimeZoneOffset":
		return &ev.EventTimeZoneOffset
	case "action":
		return &ev.Action
	case "bizStep":
		return &ev.BizStep
	case "disposition":
		return &ev.Disposition
	case "parentID":
		return &ev.ParentID
	case "transformationID":
		return &ev.TransformationID
	}
	return nil
}

func (ev *Event) epcListField(k string) *[]string {
	switch k {
	case "epcList":
		return &ev.EPCList
	case "childEPCs":
		return &ev.ChildEPCs
	case "inputEPCList":
		return &ev.InputEPCList
	case "outputEPCList":
		return &ev.OutputEPCList
	}
	return nil
}

func (ev *Event) quantityListField(k string) *[]QuantityElement {
	switch k {
	case "quantityList":
		return &ev.QuantityList
	case "childQuantityList":
		return &ev.ChildQuantityList
	case "inputQuantityList":
		return &ev.InputQuantityList
	case "outputQuantityList":
		return &ev.OutputQuantityList
	}
	return nil
}

// normalizeVocabulary turns the event type and CBV values into bare terms.
func (ev *Event) normalizeVocabulary() {
	ev.Type = eventType(ev.Type)
	ev.BizStep = cbvTerm(vocabBizStep, ev.BizStep)
	ev.Disposition = cbvTerm(vocabDisposition, ev.Disposition)
}

// escapeToken escapes a property name as a JSON pointer token.
func escapeToken(k string) string { return pointer([]string{k})[1:] }

func decodeTime(v json.RawMessage) (time.Time, error) {
	s, ok := plainString(v)
	if !ok && json.Unmarshal(v, &s) != nil {
		return time.Time{}, fmt.Errorf("not a string")
	}
	return parseTime(s)
}

// decodePlace reads a readPoint or bizLocation: its id, and the other
// members of the object, which are extensions.
func decodePlace(v json.RawMessage) (string, map[string]json.RawMessage, error) {
	if id, ok := plainID(v); ok {
		return id, nil, nil
	}
	id, err := decodeIDJSON(v)
	if err != nil {
		return "", nil, err
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return id, nil, nil
	}
	delete(m, "id")
	if len(m) == 0 {
		return id, nil, nil
	}
	return id, m, nil
}

func decodeIDJSON(v json.RawMessage) (string, error) {
	var p struct {
		ID *string `json:"id"`
	}
	if err := json.Unmarshal(v, &p); err != nil {
		return "", fmt.Errorf("not an object with an id")
	}
	if p.ID == nil {
		return "", &DecodeError{Pointer: "/id", Err: errors.New("missing")}
	}
	return *p.ID, nil
}

// decodeOneOrMany reads a string or an array of strings.
func decodeOneOrMany(v json.RawMessage) ([]string, error) {
	var one string
	if json.Unmarshal(v, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(v, &many); err != nil {
		return nil, fmt.Errorf("neither a string nor an array of strings")
	}
	return many, nil
}
