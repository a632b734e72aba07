package epcis

import (
	"encoding/json"
	"errors"
	"fmt"
)

// decodeQuantityList reads a quantity list, keeping each quantity as its
// exact decimal text.
func decodeQuantityList(v json.RawMessage, out *[]QuantityElement) error {
	if list, ok := plainQuantityList(v); ok {
		*out = list
		return nil
	}
	return decodeQuantityListJSON(v, out)
}

// decodeQuantityListJSON is decodeQuantityList by encoding/json: every
// error, and whatever plainQuantityList is unsure of.
func decodeQuantityListJSON(v json.RawMessage, out *[]QuantityElement) error {
	var raw []struct {
		EPCClass *string          `json:"epcClass"`
		Quantity *json.RawMessage `json:"quantity"`
		UOM      string           `json:"uom"`
	}
	if err := json.Unmarshal(v, &raw); err != nil {
		return fmt.Errorf("not an array of quantity elements")
	}
	list := make([]QuantityElement, len(raw))
	for i, r := range raw {
		if r.EPCClass == nil {
			return &DecodeError{Pointer: fmt.Sprintf("/%d/epcClass", i), Err: errors.New("missing")}
		}
		list[i] = QuantityElement{EPCClass: *r.EPCClass, UOM: r.UOM}
		if r.Quantity == nil {
			continue
		}
		q, ok := canonicalDecimal(string(*r.Quantity))
		if !ok {
			return &DecodeError{Pointer: fmt.Sprintf("/%d/quantity", i), Err: fmt.Errorf("%s is not a number", *r.Quantity)}
		}
		list[i].Quantity = q
	}
	*out = list
	return nil
}

func decodeBizTransactions(v json.RawMessage) ([]BizTransaction, error) {
	if list, ok := plainBizTransactions(v); ok {
		return list, nil
	}
	return decodeBizTransactionsJSON(v)
}

func decodeBizTransactionsJSON(v json.RawMessage) ([]BizTransaction, error) {
	var raw []struct {
		Type string  `json:"type"`
		ID   *string `json:"bizTransaction"`
	}
	if err := json.Unmarshal(v, &raw); err != nil {
		return nil, fmt.Errorf("not an array of business transactions")
	}
	out := make([]BizTransaction, len(raw))
	for i, r := range raw {
		if r.ID == nil {
			return nil, &DecodeError{Pointer: fmt.Sprintf("/%d/bizTransaction", i), Err: errors.New("missing")}
		}
		out[i] = BizTransaction{Type: cbvTerm(vocabBTT, r.Type), ID: *r.ID}
	}
	return out, nil
}

// decodeSourceDest reads a sourceList or destinationList; key is "source"
// or "destination".
func decodeSourceDest(v json.RawMessage, key string) ([]SourceDest, error) {
	if list, ok := plainSourceDest(v, key); ok {
		return list, nil
	}
	return decodeSourceDestJSON(v, key)
}

func decodeSourceDestJSON(v json.RawMessage, key string) ([]SourceDest, error) {
	var raw []struct {
		Type        string  `json:"type"`
		Source      *string `json:"source"`
		Destination *string `json:"destination"`
	}
	if err := json.Unmarshal(v, &raw); err != nil {
		return nil, fmt.Errorf("not an array of {type, %s} objects", key)
	}
	out := make([]SourceDest, len(raw))
	for i, r := range raw {
		id := r.Source
		if key == "destination" {
			id = r.Destination
		}
		if id == nil {
			return nil, &DecodeError{Pointer: fmt.Sprintf("/%d/%s", i, key), Err: errors.New("missing")}
		}
		out[i] = SourceDest{Type: cbvTerm(vocabSDT, r.Type), ID: *id}
	}
	return out, nil
}

func decodePersistent(v json.RawMessage) (*PersistentDisposition, error) {
	var p PersistentDisposition
	var raw struct {
		Set   []string `json:"set"`
		Unset []string `json:"unset"`
	}
	if err := json.Unmarshal(v, &raw); err != nil {
		return nil, fmt.Errorf("not an object of set/unset disposition arrays")
	}
	for _, s := range raw.Set {
		p.Set = append(p.Set, cbvTerm(vocabDisposition, s))
	}
	for _, s := range raw.Unset {
		p.Unset = append(p.Unset, cbvTerm(vocabDisposition, s))
	}
	return &p, nil
}

func decodeErrorDeclaration(v json.RawMessage) (*ErrorDeclaration, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(v, &fields); err != nil {
		return nil, fmt.Errorf("not an object")
	}
	var d ErrorDeclaration
	for k, f := range fields {
		var err error
		switch k {
		case "declarationTime":
			d.DeclarationTime, err = decodeTime(f)
		case "reason":
			err = json.Unmarshal(f, &d.Reason)
			d.Reason = cbvTerm(vocabErrorReason, d.Reason)
		case "correctiveEventIDs":
			err = json.Unmarshal(f, &d.CorrectiveEventIDs)
		default:
			if d.Extensions == nil {
				d.Extensions = make(map[string]json.RawMessage)
			}
			d.Extensions[k] = f
		}
		if err != nil {
			return nil, atPath("/"+escapeToken(k), err)
		}
	}
	if d.DeclarationTime.IsZero() {
		return nil, &DecodeError{Pointer: "/declarationTime", Err: errors.New("missing")}
	}
	return &d, nil
}
