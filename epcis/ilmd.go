package epcis

import "lotledger"

// ilmd writes the instance/lot master data of the lots the event created.
//
// EPCIS ILMD describes every object of the event alike, so the CBV
// attributes (cbvmda:lotNumber, cbvmda:itemExpirationDate) are written flat,
// as any EPCIS reader expects, only when the event creates exactly one lot
// and names no other. When a receipt or production creates several lots,
// or also moves existing ones, each created lot's attributes go in a
// "lotledger:lots" list, keyed by its epcClass.
func (e *encoder) ilmd(sel moveSel) {
	lots := e.ev.Lots
	if sel == selNone || len(lots) == 0 {
		return
	}
	e.w.key("ilmd")
	e.ilmdObject(sel)
}

// ilmdObject writes the ILMD object of ilmd, which must have one.
func (e *encoder) ilmdObject(sel moveSel) {
	lots := e.ev.Lots
	e.w.open('{')
	if len(lots) == 1 && e.onlyLot(sel, &lots[0]) {
		e.lotAttributes(&lots[0])
	} else {
		e.w.key("lotledger:lots")
		e.w.open('[')
		for i := range lots {
			l := &lots[i]
			e.w.open('{')
			e.w.key("lotledger:epcClass")
			e.w.b = appendClassURI(e.w.b, l.GTIN, l.SKU, l.Lot)
			e.lotAttributes(l)
			e.w.close('}')
		}
		e.w.close(']')
	}
	e.w.close('}')
}

// onlyLot reports whether every move sel selects is of lot l.
func (e *encoder) onlyLot(sel moveSel, l *lotledger.NewLot) bool {
	for i := range e.ev.Moves {
		m := &e.ev.Moves[i]
		if sel.match(m.Quantity) && (m.SKU != l.SKU || m.Lot != l.Lot) {
			return false
		}
	}
	return true
}

// lotAttributes writes one lot's master data. Lot number and expiry are CBV
// 2.0 master-data attributes; CBV defines no production-date attribute, so
// the production date, the supplier's own lot code, the lot's initial
// status and its origin party are lotledger extensions.
func (e *encoder) lotAttributes(l *lotledger.NewLot) {
	e.w.field("cbvmda:lotNumber", l.Lot)
	e.w.fieldIf("cbvmda:itemExpirationDate", string(l.Expires))
	e.w.fieldIf("lotledger:productionDate", string(l.Produced))
	e.w.fieldIf("lotledger:supplierLot", l.SupplierLot)
	e.w.fieldIf("lotledger:status", l.Status)
	if l.Origin != "" {
		e.w.key("lotledger:origin")
		e.party(l.Origin)
	}
}
