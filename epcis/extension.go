package epcis

// extensions writes what the ledger knows and EPCIS has no field for, as
// "lotledger:" properties. Empty values are left out.
func (e *encoder) extensions(sh *shape) {
	ev := e.ev
	e.w.field("lotledger:kind", ev.Kind)
	e.w.fieldIf("lotledger:user", ev.User)
	e.w.fieldIf("lotledger:requestID", ev.RequestID)
	e.w.fieldIf("lotledger:reason", ev.Reason)
	e.w.fieldIf("lotledger:overrideReason", ev.OverrideReason)
	e.overridden()
	if sh.statusLot {
		e.w.fieldIf("lotledger:statusFrom", ev.Status.From)
		e.w.fieldIf("lotledger:statusTo", ev.Status.To)
	}
	e.w.fieldIf("lotledger:transfer", ev.Transfer)
	if sh.deltas {
		e.deltas(sh.qty)
	}
}

// overridden writes the classes of the lots that were moved despite their
// status, named like the quantity list names them.
func (e *encoder) overridden() {
	if len(e.ev.Overridden) == 0 {
		return
	}
	e.w.key("lotledger:overridden")
	e.w.open('[')
	for _, r := range e.ev.Overridden {
		e.w.sep()
		e.w.b = appendClassURI(e.w.b, e.gtinOf(r.SKU, r.Lot), r.SKU, r.Lot)
	}
	e.w.close(']')
}

// gtinOf finds the GTIN of a lot the event names; a LotRef does not carry it.
func (e *encoder) gtinOf(sku, lot string) string {
	for i := range e.ev.Moves {
		if m := &e.ev.Moves[i]; m.SKU == sku && m.Lot == lot && m.GTIN != "" {
			return m.GTIN
		}
	}
	for i := range e.ev.Lots {
		if l := &e.ev.Lots[i]; l.SKU == sku && l.Lot == lot && l.GTIN != "" {
			return l.GTIN
		}
	}
	return ""
}

// deltas writes the signed stock changes of an adjustment, one per quantity
// element and in the same order: EPCIS quantities are unsigned, so the
// direction of a count correction would otherwise be lost.
func (e *encoder) deltas(sel moveSel) {
	e.w.key("lotledger:deltas")
	e.w.open('[')
	for i := range e.ev.Moves {
		m := &e.ev.Moves[i]
		if !sel.match(m.Quantity) {
			continue
		}
		e.w.open('{')
		e.w.key("lotledger:epcClass")
		e.w.b = appendClassURI(e.w.b, m.GTIN, m.SKU, m.Lot)
		e.w.key("lotledger:quantity")
		e.w.b = appendSignedQuantity(e.w.b, m.Quantity)
		e.w.close('}')
	}
	e.w.close(']')
}
