package epcis

// The parts of events, each named after its definition in the schema
// (schema/EPCIS-JSON-Schema.json, "definitions"), with the same
// properties, required names and rule for other names.
var (
	quantityElementSchema = newObjectSchema(closed, []string{"epcClass"},
		property{"epcClass", uriValue},
		property{"quantity", decimalValue},
		property{"uom", matching(isUOM)})

	bizTransactionSchema = newObjectSchema(closed, []string{"bizTransaction"},
		property{"type", termOf(bizTransactionTypeTerms)},
		property{"bizTransaction", uriValue})

	sourceSchema = newObjectSchema(closed, []string{"type", "source"},
		property{"type", termOf(sourceDestTypeTerms)},
		property{"source", uriValue})

	destinationSchema = newObjectSchema(closed, []string{"type", "destination"},
		property{"type", termOf(sourceDestTypeTerms)},
		property{"destination", uriValue})

	// readPoint and bizLocation: an id, and anything else.
	locationSchema = newObjectSchema(anyNamed, []string{"id"},
		property{"id", uriValue})

	persistentDispositionSchema = newObjectSchema(closed, nil,
		property{"set", distinctDispositions},
		property{"unset", distinctDispositions})

	errorDeclarationSchema = newObjectSchema(uriNamed, []string{"declarationTime"},
		property{"declarationTime", timeValue},
		property{"reason", termOf(errorReasonTerms)},
		property{"correctiveEventIDs", (*scanner).uriArray})

	sensorElementSchema = newObjectSchema(uriNamed, []string{"sensorReport"},
		property{"sensorMetadata", is(sensorMetadataSchema)},
		property{"sensorReport", listOf(1, is(sensorReportSchema))})

	sensorMetadataSchema = newObjectSchema(uriNamed, nil,
		property{"time", timeValue},
		property{"deviceID", uriValue},
		property{"deviceMetadata", uriValue},
		property{"rawData", uriValue},
		property{"startTime", timeValue},
		property{"endTime", timeValue},
		property{"dataProcessingMethod", uriValue},
		property{"bizRules", uriValue})

	sensorReportSchema = newObjectSchema(uriNamed, []string{"type"},
		property{"type", termOf(measurementTypeTerms)},
		property{"exception", termOf(sensorAlertTypeTerms)},
		property{"deviceID", uriValue},
		property{"deviceMetadata", uriValue},
		property{"rawData", uriValue},
		property{"dataProcessingMethod", uriValue},
		property{"bizRules", uriValue},
		property{"time", timeValue},
		property{"microorganism", uriValue},
		property{"chemicalSubstance", uriValue},
		property{"coordinateReferenceSystem", uriValue},
		property{"value", decimalValue},
		property{"component", termOf(componentTerms)},
		property{"stringValue", stringValue},
		property{"booleanValue", (*scanner).boolean},
		property{"hexBinaryValue", matching(isHexBinary)},
		property{"uriValue", uriValue},
		property{"minValue", decimalValue},
		property{"maxValue", decimalValue},
		property{"meanValue", decimalValue},
		property{"sDev", decimalValue},
		property{"percRank", decimalValue},
		property{"percValue", decimalValue},
		property{"uom", stringValue})
)

// persistentDisposition is its schema plus the anyOf that asks for set,
// unset or both.
func (s *scanner) persistentDisposition() bool {
	seen, ok := s.read(persistentDispositionSchema)
	return ok && seen != 0
}

// distinctDispositions is persistentDisposition's set and unset: at least
// one disposition, none twice.
func distinctDispositions(s *scanner) bool {
	n, distinct, ok := s.distinctStrings(dispositionTerms.accepts)
	return ok && distinct && n >= 1
}

// certificationInfo is a URI or an array of them.
func (s *scanner) certificationInfo() bool {
	if s.peek() == '[' {
		return s.uriArray()
	}
	return s.uri()
}

// ilmd is an object whose property names are URIs, with any values.
func (s *scanner) ilmd() bool { return s.object(s.extension) }
