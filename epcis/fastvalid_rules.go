package epcis

// eventKind is an event's type: one of the five of EPCIS 2.0, or an
// extension event type named by a URI.
type eventKind uint8

const (
	extensionEvent eventKind = iota
	objectEvent
	aggregationEvent
	transactionEvent
	transformationEvent
	associationEvent
)

// eventRule is the schema definition of one event type: the names allowed
// besides URIs (common-event-properties and its own propertyNames enum),
// the names required, the lists with uniqueItems, and its anyOf rules on
// what the event is about (shape).
type eventRule struct {
	name     string
	allowed  props
	required props
	distinct props
	shape    func(*eventFacts) bool
}

// commonEventFields are common-event-properties, allowed in every type.
var commonEventFields = fieldSet(evContext, evType, evEventTime, evRecordTime,
	evEventTimeZoneOffset, evEventID, evCertificationInfo, evErrorDeclaration)

// eventRules holds the rules of each event type; the extension type has
// none beyond those of every event.
var eventRules = [...]eventRule{
	extensionEvent: {},
	objectEvent: {
		name: "ObjectEvent",
		allowed: commonEventFields | fieldSet(evAction, evEPCList, evQuantityList, evBizStep,
			evDisposition, evPersistentDisposition, evReadPoint, evBizLocation, evBizTransactionList,
			evSourceList, evDestinationList, evSensorElementList, evILMD),
		required: fieldSet(evAction),
		distinct: fieldSet(evEPCList),
		shape:    objectEventShape,
	},
	aggregationEvent: {
		name:     "AggregationEvent",
		allowed:  commonEventFields | parentChildFields,
		required: fieldSet(evAction),
		shape:    parentChildShape,
	},
	transactionEvent: {
		name: "TransactionEvent",
		allowed: commonEventFields | fieldSet(evBizTransactionList, evParentID, evEPCList,
			evQuantityList, evAction, evBizStep, evDisposition, evReadPoint, evBizLocation,
			evSourceList, evDestinationList, evSensorElementList),
		required: fieldSet(evBizTransactionList, evAction),
		shape:    transactionEventShape,
	},
	transformationEvent: {
		name: "TransformationEvent",
		allowed: commonEventFields | fieldSet(evInputEPCList, evInputQuantityList,
			evOutputEPCList, evOutputQuantityList, evTransformationID, evBizStep, evDisposition,
			evPersistentDisposition, evReadPoint, evBizLocation, evBizTransactionList,
			evSourceList, evDestinationList, evSensorElementList, evILMD),
		distinct: fieldSet(evInputEPCList, evOutputEPCList),
		shape:    transformationEventShape,
	},
	associationEvent: {
		name:     "AssociationEvent",
		allowed:  commonEventFields | parentChildFields,
		required: fieldSet(evAction, evParentID),
		shape:    parentChildShape,
	},
}

// parentChildFields are the names of AggregationEvent and AssociationEvent.
var parentChildFields = fieldSet(evParentID, evChildEPCs, evChildQuantityList, evAction,
	evBizStep, evDisposition, evReadPoint, evBizLocation, evBizTransactionList, evSourceList,
	evDestinationList, evSensorElementList)

// valid applies the rules of the event's type to what was read. Every
// event needs a type (EPCIS-Document-Event), an eventTime and an
// eventTimeZoneOffset (Event); an extension event needs nothing more, and
// its other properties are free (the fast path checked the known names
// anyway, more strictly than the schema does there).
func (ev *eventFacts) valid(needContext bool) bool {
	need := fieldSet(evType, evEventTime, evEventTimeZoneOffset)
	if needContext {
		need |= evContext.bit()
	}
	if !ev.seen.has(need) {
		return false
	}
	if ev.kind == extensionEvent {
		return true
	}
	r := &eventRules[ev.kind]
	return !ev.unnamed && ev.seen&^r.allowed == 0 && ev.seen.has(r.required) &&
		ev.repeats&r.distinct == 0 && r.shape(ev)
}

// has reports whether the event has the property f; nonEmptyList, whether
// f is a list with items.
func (ev *eventFacts) has(f eventField) bool          { return ev.seen.has(f.bit()) }
func (ev *eventFacts) nonEmptyList(f eventField) bool { return ev.nonEmpty.has(f.bit()) }

// objectEventShape is ObjectEvent's two anyOf: it is about EPCs (an
// epcList, even empty), quantities, or sensor data at a read point; and it
// has ILMD only when its action is ADD.
func objectEventShape(ev *eventFacts) bool {
	about := ev.has(evEPCList) || ev.nonEmptyList(evQuantityList) ||
		(ev.nonEmptyList(evSensorElementList) && ev.has(evReadPoint))
	return about && (ev.action == "ADD" || !ev.has(evILMD))
}

// parentChildShape is the anyOf of AggregationEvent and AssociationEvent:
// children by EPC or quantity, unless the action is DELETE.
func parentChildShape(ev *eventFacts) bool {
	return ev.nonEmptyList(evChildEPCs) || ev.nonEmptyList(evChildQuantityList) || ev.action == "DELETE"
}

// transactionEventShape is TransactionEvent's at least one business
// transaction (minItems), and its anyOf: EPCs (an epcList, even empty) or
// quantities, unless the action is DELETE.
func transactionEventShape(ev *eventFacts) bool {
	return ev.nonEmptyList(evBizTransactionList) &&
		(ev.has(evEPCList) || ev.nonEmptyList(evQuantityList) || ev.action == "DELETE")
}

// transformationEventShape is TransformationEvent's anyOf: inputs and
// outputs, or a transformationID with inputs or outputs.
func transformationEventShape(ev *eventFacts) bool {
	in := ev.nonEmptyList(evInputEPCList) || ev.nonEmptyList(evInputQuantityList)
	out := ev.nonEmptyList(evOutputEPCList) || ev.nonEmptyList(evOutputQuantityList)
	return (in && out) || (ev.has(evTransformationID) && (in || out))
}
