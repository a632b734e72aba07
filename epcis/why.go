package epcis

// why writes the business context: step, disposition, where, documents,
// source and destination, and the master data of lots the event created.
func (e *encoder) why(sh *shape) {
	e.w.fieldIf("bizStep", sh.bizStep)
	e.w.fieldIf("disposition", sh.disposition)
	e.place("readPoint", sh.readPoint)
	e.place("bizLocation", sh.bizLocation)
	e.bizTransactions(sh.btt)
	e.endpoints("sourceList", "source", sh.source)
	e.endpoints("destinationList", "destination", sh.dest)
	e.ilmd(sh.ilmd)
}

// place writes a readPoint or bizLocation: {"id": location URI}.
func (e *encoder) place(name, code string) {
	if code == "" {
		return
	}
	e.w.key(name)
	e.w.open('{')
	e.w.key("id")
	e.location(code)
	e.w.close('}')
}

// location writes the URI of a location code as a value.
func (e *encoder) location(code string) {
	gln := ""
	if e.dir != nil {
		gln = e.dir.LocationGLN(code)
	}
	e.w.sep()
	e.w.b = appendKeyURI(e.w.b, dlLocation, gln, urnLocation, code)
}

// party writes the URI of a party code as a value.
func (e *encoder) party(code string) {
	gln := ""
	if e.dir != nil {
		gln = e.dir.PartyGLN(code)
	}
	e.w.sep()
	e.w.b = appendKeyURI(e.w.b, dlParty, gln, urnParty, code)
}

// bizTransactions writes the event's reference as a business transaction of
// type btt; kinds without a CBV document type write it untyped, so that a
// reference is never lost.
func (e *encoder) bizTransactions(btt string) {
	if e.ev.Reference == "" {
		return
	}
	e.w.key("bizTransactionList")
	e.w.open('[')
	e.w.open('{')
	e.w.fieldIf("type", btt)
	e.w.key("bizTransaction")
	e.w.b = appendRefURI(e.w.b, e.ev.Reference)
	e.w.close('}')
	e.w.close(']')
}

// endpoints writes a sourceList or destinationList; entries without a code
// are left out, and so is a list with none.
func (e *encoder) endpoints(list, field string, eps [2]endpoint) {
	if eps[0].code == "" && eps[1].code == "" {
		return
	}
	e.w.key(list)
	e.w.open('[')
	for _, ep := range eps {
		if ep.code == "" {
			continue
		}
		e.w.open('{')
		e.w.field("type", ep.typ)
		e.w.key(field)
		if ep.typ == sdtLocation {
			e.location(ep.code)
		} else {
			e.party(ep.code)
		}
		e.w.close('}')
	}
	e.w.close(']')
}
