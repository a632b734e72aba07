package epcis

// The two document types and their headers, named after their definitions
// in the schema. eventList items are read by scanner.event.
var (
	epcisDocumentSchema = newObjectSchema(uriNamed,
		[]string{"@context", "type", "schemaVersion", "creationDate", "epcisBody"},
		property{"@context", (*scanner).context},
		property{"id", uriValue},
		property{"type", oneValue("EPCISDocument")},
		property{"schemaVersion", matching(isVersion)},
		property{"creationDate", timeValue},
		property{"instanceIdentifier", stringValue},
		property{"sender", stringValue},
		property{"receiver", stringValue},
		property{"epcisHeader", is(epcisHeaderSchema)},
		property{"epcisBody", is(epcisBodySchema)})

	// epcisBody has no propertyNames rule: anything besides eventList.
	epcisBodySchema = newObjectSchema(anyNamed, []string{"eventList"},
		property{"eventList", (*scanner).eventList})

	epcisHeaderSchema = newObjectSchema(uriNamed, nil,
		property{"epcisMasterData", is(epcisMasterDataSchema)})

	epcisMasterDataSchema = newObjectSchema(anyNamed, nil,
		property{"vocabularyList", listOf(0, is(vocabularySchema))})

	vocabularySchema = newObjectSchema(anyNamed, []string{"type"},
		property{"type", uriValue},
		property{"vocabularyElementList", listOf(0, is(vocabularyElementSchema))})

	vocabularyElementSchema = newObjectSchema(anyNamed, []string{"id"},
		property{"id", uriValue},
		property{"attributes", listOf(0, is(attributeSchema))},
		property{"children", (*scanner).uriArray})

	attributeSchema = newObjectSchema(anyNamed, []string{"id"},
		property{"id", uriValue},
		property{"attribute", (*scanner).attributeValue})

	epcisQueryDocumentSchema = newObjectSchema(uriNamed, []string{"@context", "type", "epcisBody"},
		property{"@context", (*scanner).context},
		property{"id", uriValue},
		property{"type", oneValue("EPCISQueryDocument")},
		property{"schemaVersion", matching(isVersion)},
		property{"creationDate", timeValue},
		property{"epcisBody", is(epcisQueryDocumentBodySchema)})

	epcisQueryDocumentBodySchema = newObjectSchema(uriNamed, []string{"queryResults"},
		property{"queryResults", is(queryResultsSchema)})

	queryResultsSchema = newObjectSchema(uriNamed, []string{"queryName", "resultsBody"},
		property{"queryName", stringValue},
		property{"subscriptionID", stringValue},
		property{"resultsBody", is(resultsBodySchema)})

	resultsBodySchema = newObjectSchema(uriNamed, []string{"eventList"},
		property{"eventList", (*scanner).eventList},
		property{"vocabularyList", listOf(0, is(vocabularySchema))})
)

// oneValue returns the check of a string enum of one value.
func oneValue(want string) func(*scanner) bool {
	return func(s *scanner) bool { return s.equals(want) }
}

// eventList reads the events of a document; each is checked against the
// rules of its own type (EPCIS-Document-Event).
func (s *scanner) eventList() bool {
	_, ok := s.array(func() bool { return s.event(false) })
	return ok
}

// attributeValue is a master-data attribute: a number, a string or an
// object.
func (s *scanner) attributeValue() bool {
	switch s.peek() {
	case '"':
		return s.anyString()
	case '{':
		return s.skip()
	}
	return s.number()
}
