package epcis

import (
	"fmt"

	"lotledger"
)

// moveSel selects which of an event's stock moves a quantity list holds.
type moveSel int8

const (
	selNone moveSel = iota
	selPos          // stock added: receipts, arrivals, production outputs
	selNeg          // stock removed: shipments, production inputs
	selAll          // every non-zero change: adjustments, disposals
)

func (s moveSel) match(q lotledger.Quantity) bool {
	switch s {
	case selPos:
		return q > 0
	case selNeg:
		return q < 0
	case selAll:
		return q != 0
	}
	return false
}

// Source and destination types (CBV 2.0, JSON bare-term form).
const (
	sdtOwningParty = "owning_party"
	sdtLocation    = "location"
)

// endpoint is one entry of a sourceList or destinationList: a party or a
// location, by its lotledger code. A zero endpoint is left out.
type endpoint struct {
	typ  string
	code string
}

// shape is the EPCIS form of one lotledger event kind: which EPCIS event
// type, which CBV vocabulary, which moves go in which list. Deciding it
// apart from writing keeps the mapping readable as a table (kinds.go) and
// the writer free of per-kind branches.
type shape struct {
	typ, action            string
	bizStep, disposition   string
	qty, inputs, outputs   moveSel // quantityList; TransformationEvent lists
	statusLot              bool    // quantityList is the status event's lot, no quantity
	readPoint, bizLocation string  // location codes
	btt                    string  // bizTransaction type for ev.Reference
	source, dest           [2]endpoint
	ilmd                   moveSel // the created lots' master data, for the moves selected
	deltas                 bool    // write the signed changes as an extension
}

// shapeOf maps ev to its EPCIS shape.
func shapeOf(ev *lotledger.Event) (shape, error) {
	switch ev.Kind {
	case lotledger.KindReceive:
		return receiveShape(ev), nil
	case lotledger.KindShip:
		return shipShape(ev), nil
	case lotledger.KindTransfer:
		return transferShape(ev), nil
	case lotledger.KindArrive:
		return arriveShape(ev), nil
	case lotledger.KindProduce:
		return produceShape(ev), nil
	case lotledger.KindAdjust:
		return adjustShape(ev), nil
	case lotledger.KindDispose:
		return disposeShape(ev), nil
	case lotledger.KindReturn:
		return returnShape(ev), nil
	case lotledger.KindStatus:
		return statusShape(ev)
	}
	return shape{}, fmt.Errorf("event kind %q has no EPCIS form", ev.Kind)
}

// firstOf returns the first non-empty string.
func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// firstMoveAt returns the location of the first move that sel selects.
func firstMoveAt(ev *lotledger.Event, sel moveSel) string {
	for i := range ev.Moves {
		if sel.match(ev.Moves[i].Quantity) {
			return ev.Moves[i].Location
		}
	}
	return ""
}
