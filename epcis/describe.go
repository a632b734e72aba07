package epcis

import (
	"encoding/json"
	"fmt"

	"lotledger"
)

// Describe returns the typed form of the EPCIS event that EncodeEvent writes
// for ev: the same shape, without writing or parsing JSON. A repository
// indexes native events from it; decoding its own output would double the
// cost of recording an event. Its ILMD is the one EncodeEvent writes, raw,
// written by the same code; lotledger's own extension properties, which the
// index leaves out, are not given.
func Describe(ev *lotledger.Event, dir Directory) (Event, error) {
	sh, err := shapeOf(ev)
	if err != nil {
		return Event{}, fmt.Errorf("describe event %s: %w", ev.ID, err)
	}
	d := describer{ev: ev, dir: dir}
	out := Event{Type: sh.typ, EventID: ev.ID, EventTime: ev.Time, EventTimeZoneOffset: ev.TimeZone, RecordTime: ev.RecordedAt,
		Action: sh.action, BizStep: sh.bizStep, Disposition: sh.disposition,
		ReadPoint: d.location(sh.readPoint), BizLocation: d.location(sh.bizLocation)}
	switch {
	case sh.statusLot:
		st := ev.Status
		out.QuantityList = []QuantityElement{{EPCClass: unquote(appendClassURI(nil, st.GTIN, st.SKU, st.Lot))}}
	case sh.typ == "TransformationEvent":
		out.InputQuantityList, out.OutputQuantityList = d.classes(sh.inputs), d.classes(sh.outputs)
		if len(out.InputQuantityList) == 0 || len(out.OutputQuantityList) == 0 {
			out.TransformationID = ev.ID
		}
	default:
		out.QuantityList = d.classes(sh.qty)
	}
	if ev.Reference != "" {
		out.BizTransactionList = []BizTransaction{{Type: sh.btt, ID: unquote(appendRefURI(nil, ev.Reference))}}
	}
	out.SourceList, out.DestinationList = d.endpoints(sh.source), d.endpoints(sh.dest)
	out.ILMD = d.ilmd(&sh)
	return out, nil
}

// ilmd writes the event's ILMD as EncodeEvent does, and reads it back as
// decoding would. Its extension properties are lotledger's own, which the
// index leaves out (IndexFields), and are not described.
func (d describer) ilmd(sh *shape) map[string]json.RawMessage {
	if sh.ilmd == selNone || len(d.ev.Lots) == 0 {
		return nil
	}
	e := encoder{ev: d.ev, dir: d.dir}
	e.w.b = make([]byte, 0, 256)
	e.ilmdObject(sh.ilmd)
	var m map[string]json.RawMessage
	_ = decodeILMD(e.w.b, &m)
	return m
}

type describer struct {
	ev  *lotledger.Event
	dir Directory
}

func unquote(b []byte) string { return string(b[1 : len(b)-1]) }

func (d describer) location(code string) string {
	if code == "" {
		return ""
	}
	gln := ""
	if d.dir != nil {
		gln = d.dir.LocationGLN(code)
	}
	return unquote(appendKeyURI(nil, dlLocation, gln, urnLocation, code))
}

func (d describer) party(code string) string {
	gln := ""
	if d.dir != nil {
		gln = d.dir.PartyGLN(code)
	}
	return unquote(appendKeyURI(nil, dlParty, gln, urnParty, code))
}

// classes lists every move sel selects as the quantity element
// quantityList writes for it (quantityElement).
func (d describer) classes(sel moveSel) []QuantityElement {
	var out []QuantityElement
	for i := range d.ev.Moves {
		if m := &d.ev.Moves[i]; sel.match(m.Quantity) {
			out = append(out, QuantityElement{EPCClass: unquote(appendClassURI(nil, m.GTIN, m.SKU, m.Lot)),
				Quantity: string(appendAbsQuantity(nil, m.Quantity)), UOM: uomCode(m.UOM)})
		}
	}
	return out
}

func (d describer) endpoints(eps [2]endpoint) []SourceDest {
	var out []SourceDest
	for _, ep := range eps {
		if ep.code == "" {
			continue
		}
		id := d.party(ep.code)
		if ep.typ == sdtLocation {
			id = d.location(ep.code)
		}
		out = append(out, SourceDest{Type: ep.typ, ID: id})
	}
	return out
}
