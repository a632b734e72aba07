package epcis

import (
	"fmt"

	"lotledger"
)

// The mapping of each lotledger event kind to EPCIS 2.0 / CBV 2.0. CBV
// values are written as the bare JSON terms ("receiving"); the JSON schema
// rejects the urn:epcglobal:cbv: forms.

func receiveShape(ev *lotledger.Event) shape {
	at := firstOf(ev.Location, firstMoveAt(ev, selPos))
	s := shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "receiving", disposition: "in_progress",
		qty: selPos, readPoint: at, bizLocation: at, btt: "po",
		source: [2]endpoint{{sdtOwningParty, ev.Party}},
		dest:   [2]endpoint{{sdtLocation, at}},
	}
	if len(ev.Lots) > 0 {
		// The receipt creates lots: ADD, and only ADD may carry ILMD.
		s.action, s.ilmd = "ADD", selPos
	}
	return s
}

func shipShape(ev *lotledger.Event) shape {
	from := firstOf(ev.From, ev.Location, firstMoveAt(ev, selNeg))
	return shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "shipping", disposition: "in_transit",
		qty: selNeg, readPoint: from, btt: "desadv",
		source: [2]endpoint{{sdtLocation, from}},
		dest:   [2]endpoint{{sdtOwningParty, ev.Party}},
	}
}

// transferShape: a transfer whose stock landed somewhere other than its
// destination went to an in-transit location between sites, which is a
// shipment; one that landed at the destination is a move within a site.
func transferShape(ev *lotledger.Event) shape {
	from := firstOf(ev.From, firstMoveAt(ev, selNeg))
	landed := firstMoveAt(ev, selPos)
	s := shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "storing", disposition: "in_progress",
		qty: selPos, readPoint: from, bizLocation: firstOf(ev.To, landed),
		source: [2]endpoint{{sdtLocation, from}},
		dest:   [2]endpoint{{sdtLocation, firstOf(ev.To, landed)}},
	}
	if landed != "" && ev.To != "" && landed != ev.To {
		s.bizStep, s.disposition, s.bizLocation = "shipping", "in_transit", landed
	}
	return s
}

func arriveShape(ev *lotledger.Event) shape {
	to := firstOf(ev.To, firstMoveAt(ev, selPos))
	return shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "receiving", disposition: "in_progress",
		qty: selPos, readPoint: to, bizLocation: to,
		source: [2]endpoint{{sdtLocation, ev.From}},
		dest:   [2]endpoint{{sdtLocation, to}},
	}
}

// produceShape: production consumes input lots and makes output lots, a
// TransformationEvent. CBV 2.0 has no "transforming" step; commissioning
// is the first use of a new lot's identifier.
func produceShape(ev *lotledger.Event) shape {
	at := firstOf(ev.Location, firstMoveAt(ev, selPos), firstMoveAt(ev, selNeg))
	return shape{
		typ:     "TransformationEvent",
		bizStep: "commissioning", disposition: "active",
		inputs: selNeg, outputs: selPos,
		readPoint: at, bizLocation: at, btt: "prodorder", ilmd: selPos,
	}
}

func adjustShape(ev *lotledger.Event) shape {
	at := firstOf(ev.Location, firstMoveAt(ev, selAll))
	return shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "cycle_counting", disposition: "in_progress",
		qty: selAll, readPoint: at, bizLocation: at, deltas: true,
	}
}

// disposeShape: the stock ceases to exist, so there is no business
// location after the event, only where it was destroyed.
func disposeShape(ev *lotledger.Event) shape {
	return shape{
		typ: "ObjectEvent", action: "DELETE",
		bizStep: "destroying", disposition: "destroyed",
		qty: selAll, readPoint: firstOf(ev.Location, firstMoveAt(ev, selAll)),
	}
}

func returnShape(ev *lotledger.Event) shape {
	at := firstOf(ev.Location, firstMoveAt(ev, selPos))
	return shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: "receiving", disposition: "returned",
		qty: selPos, readPoint: at, bizLocation: at, btt: "rma",
		source: [2]endpoint{{sdtOwningParty, ev.Party}},
		dest:   [2]endpoint{{sdtLocation, at}},
	}
}

// statusShape: a status change is an observation of the whole lot with the
// disposition its new status means; the lot's quantity is not restated.
func statusShape(ev *lotledger.Event) (shape, error) {
	if ev.Status == nil {
		return shape{}, fmt.Errorf("status event has no status change")
	}
	step, disp, ok := statusVocabulary(ev.Status.To)
	if !ok {
		return shape{}, fmt.Errorf("lot status %q has no EPCIS disposition", ev.Status.To)
	}
	return shape{
		typ: "ObjectEvent", action: "OBSERVE",
		bizStep: step, disposition: disp, statusLot: true,
		readPoint: ev.Location, bizLocation: ev.Location,
	}, nil
}

// statusVocabulary returns the CBV business step and disposition for a new
// lot status. Quarantine and hold are the same to a trading partner: not
// sellable, held for review. CBV's examples pair expired with holding.
func statusVocabulary(status string) (bizStep, disposition string, ok bool) {
	switch status {
	case lotledger.StatusReleased:
		return "inspecting", "sellable_accessible", true
	case lotledger.StatusQuarantine, lotledger.StatusHold:
		return "holding", "non_sellable_other", true
	case lotledger.StatusRecalled:
		return "holding", "recalled", true
	case lotledger.StatusExpired:
		return "holding", "expired", true
	case lotledger.StatusDestroyed:
		return "destroying", "destroyed", true
	}
	return "", "", false
}
