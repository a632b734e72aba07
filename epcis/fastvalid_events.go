package epcis

// eventField is one property that an event of the five EPCIS types may
// have. A property means the same in every type that has it (the schema
// repeats the same definitions), so an event is read in one pass before
// its type is known, wherever "type" is, and the rules of the type are
// applied to the facts gathered at the end.
type eventField uint8

const (
	evContext eventField = iota
	evType
	evEventTime
	evRecordTime
	evEventTimeZoneOffset
	evEventID
	evCertificationInfo
	evErrorDeclaration
	evAction
	evEPCList
	evQuantityList
	evParentID
	evChildEPCs
	evChildQuantityList
	evInputEPCList
	evInputQuantityList
	evOutputEPCList
	evOutputQuantityList
	evTransformationID
	evBizStep
	evDisposition
	evPersistentDisposition
	evReadPoint
	evBizLocation
	evBizTransactionList
	evSourceList
	evDestinationList
	evSensorElementList
	evILMD
	evFieldCount
)

func (f eventField) bit() props { return 1 << f }

// fieldSet returns the set of fields fs.
func fieldSet(fs ...eventField) props {
	var p props
	for _, f := range fs {
		p |= f.bit()
	}
	return p
}

// eventFacts is what the fast path learns of an event while reading it,
// for the rules that look at several properties together.
type eventFacts struct {
	seen     props // properties read
	nonEmpty props // lists with at least one item (minItems: 1)
	repeats  props // lists with an item twice (uniqueItems)
	kind     eventKind
	action   string
	unnamed  bool // a property name that is not a URI
}

// eventProperty is the name of a field and the check of its value, which
// may note facts about the value in s.ev.
type eventProperty struct {
	name  string
	check func(s *scanner, f eventField) bool
}

// eventProperties lists the fields; the checks are those of the schema's
// definitions that the event types refer to.
var eventProperties = [evFieldCount]eventProperty{
	evContext:               {"@context", plain((*scanner).context)},
	evType:                  {"type", (*scanner).eventType},
	evEventTime:             {"eventTime", plain(timeValue)},
	evRecordTime:            {"recordTime", plain(timeValue)},
	evEventTimeZoneOffset:   {"eventTimeZoneOffset", plain(matching(isTimeZoneOffset))},
	evEventID:               {"eventID", plain(uriValue)},
	evCertificationInfo:     {"certificationInfo", plain((*scanner).certificationInfo)},
	evErrorDeclaration:      {"errorDeclaration", plain(is(errorDeclarationSchema))},
	evAction:                {"action", (*scanner).eventAction},
	evEPCList:               {"epcList", distinctList(isURI)},
	evQuantityList:          {"quantityList", list(is(quantityElementSchema))},
	evParentID:              {"parentID", plain(uriValue)},
	evChildEPCs:             {"childEPCs", list(uriValue)},
	evChildQuantityList:     {"childQuantityList", list(is(quantityElementSchema))},
	evInputEPCList:          {"inputEPCList", distinctList(isURI)},
	evInputQuantityList:     {"inputQuantityList", list(is(quantityElementSchema))},
	evOutputEPCList:         {"outputEPCList", distinctList(isURI)},
	evOutputQuantityList:    {"outputQuantityList", list(is(quantityElementSchema))},
	evTransformationID:      {"transformationID", plain(uriValue)},
	evBizStep:               {"bizStep", plain(termOf(bizStepTerms))},
	evDisposition:           {"disposition", plain(termOf(dispositionTerms))},
	evPersistentDisposition: {"persistentDisposition", plain((*scanner).persistentDisposition)},
	evReadPoint:             {"readPoint", plain(is(locationSchema))},
	evBizLocation:           {"bizLocation", plain(is(locationSchema))},
	evBizTransactionList:    {"bizTransactionList", list(is(bizTransactionSchema))},
	evSourceList:            {"sourceList", list(is(sourceSchema))},
	evDestinationList:       {"destinationList", list(is(destinationSchema))},
	evSensorElementList:     {"sensorElementList", list(is(sensorElementSchema))},
	evILMD:                  {"ilmd", plain((*scanner).ilmd)},
}

// eventFieldByName finds a field by its property name.
var eventFieldByName = func() map[string]eventField {
	m := make(map[string]eventField, evFieldCount)
	for f, p := range eventProperties {
		m[p.name] = eventField(f)
	}
	return m
}()

// plain adapts the check of a value that the event rules do not look into.
func plain(check func(*scanner) bool) func(*scanner, eventField) bool {
	return func(s *scanner, _ eventField) bool { return check(s) }
}

// list adapts the check of an array's items, noting whether it has any.
func list(item func(*scanner) bool) func(*scanner, eventField) bool {
	return func(s *scanner, f eventField) bool {
		n, ok := s.array(func() bool { return item(s) })
		if n > 0 {
			s.ev.nonEmpty |= f.bit()
		}
		return ok
	}
}

// distinctList adapts the check of an array of strings, noting whether it
// has any and whether one is there twice.
func distinctList(accept func([]byte) bool) func(*scanner, eventField) bool {
	return func(s *scanner, f eventField) bool {
		n, distinct, ok := s.distinctStrings(accept)
		if n > 0 {
			s.ev.nonEmpty |= f.bit()
		}
		if !distinct {
			s.ev.repeats |= f.bit()
		}
		return ok
	}
}

// eventType reads the event's type: one of the five, or the URI of an
// extension event type (Extended-Event).
func (s *scanner) eventType(eventField) bool {
	t, ok := s.text()
	if !ok {
		return false
	}
	for kind, r := range eventRules {
		if r.name != "" && r.name == string(t) {
			s.ev.kind = eventKind(kind)
			return true
		}
	}
	s.ev.kind = extensionEvent
	return isURI(t)
}

// eventAction reads the action, one of the schema's three.
func (s *scanner) eventAction(eventField) bool {
	t, ok := s.text()
	for _, a := range [...]string{"OBSERVE", "ADD", "DELETE"} {
		if ok && string(t) == a {
			s.ev.action = a
			return true
		}
	}
	return false
}

// event reads one event and applies the rules of its type. needContext is
// required-ld-context, which applies to an event that is a whole document.
func (s *scanner) event(needContext bool) bool {
	s.ev = eventFacts{}
	return s.object(s.eventMember) && s.ev.valid(needContext)
}

// eventMember reads one property of an event. Names that are not fields
// are extensions: their values are unconstrained, and their names must be
// URIs except in extension events, which valid decides at the end.
func (s *scanner) eventMember(key []byte) bool {
	f, known := eventFieldByName[string(key)]
	if !known {
		s.ev.unnamed = s.ev.unnamed || !isURI(key)
		return s.skip()
	}
	s.ev.note(f)
	return eventProperties[f].check(s, f)
}

// note marks f as read and forgets what an earlier value of f showed: of a
// property given twice, the library sees the last value only.
func (ev *eventFacts) note(f eventField) {
	ev.seen |= f.bit()
	ev.nonEmpty &^= f.bit()
	ev.repeats &^= f.bit()
}
