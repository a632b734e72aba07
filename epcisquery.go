package lotledger

import (
	"encoding/json"
	"time"
)

// EPCIS 2.0 paging bounds: the REST binding's default page size, and the
// most events one page carries whatever the client asks.
const (
	EPCISDefaultPerPage = 30
	EPCISMaxPerPage     = 1000
)

// EPCISQuery is an EPCIS 2.0 SimpleEventQuery over the ledger's events (every
// event lotledger records is also an EPCIS event). Params holds the query
// parameters by their EPCIS names, each with its list of values, already
// split: "EQ_bizStep" -> ["shipping", "receiving"]. A parameter's values are
// alternatives; the parameters must all hold.
//
// Supported names: eventType; GE_eventTime, LT_eventTime, GE_recordTime,
// LT_recordTime (RFC 3339, one value); EQ_action; EQ_bizStep,
// EQ_disposition (bare CBV terms or their web URIs); EQ_readPoint,
// EQ_bizLocation; EQ_eventID (an eventID or the CBV 2.0 event hash);
// EQ_transformationID; MATCH_epc, MATCH_parentID, MATCH_inputEPC,
// MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass, MATCH_inputEPCClass,
// MATCH_outputEPCClass, MATCH_anyEPCClass (URIs or patterns ending in "*");
// EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>;
// EXISTS_errorDeclaration, EQ_errorReason, EQ_correctiveEventID,
// GE_errorDeclarationTime, LT_errorDeclarationTime;
// EQ_persistentDisposition_set, EQ_persistentDisposition_unset; the sensor
// parameters
// EXISTS_sensorElementList, EQ_type, EQ_deviceID, GE_/LT_time, _startTime
// and _endTime, {EQ,GT,GE,LT,LE}_{value,minValue,maxValue,meanValue,sDev,
// percValue}_<unit>, GT_/GE_/LT_/LE_percRank, EQ_booleanValue,
// EQ_stringValue, EQ_uriValue, EQ_hexBinaryValue, EQ_microorganism,
// EQ_chemicalSubstance; the quantity parameters
// {EQ,GT,GE,LT,LE}_quantity (counts: elements without a uom) and
// {EQ,GT,GE,LT,LE}_quantity_<unit>; and the controls orderBy, orderDirection,
// eventCountLimit, maxEventCount. Any other name is refused as invalid,
// naming it.
type EPCISQuery struct {
	Params map[string][]string
	// PerPage is the page size: 0 means EPCISDefaultPerPage; more than
	// EPCISMaxPerPage is capped.
	PerPage int
	// NextPageToken continues a query where the previous page ended.
	NextPageToken string
}

// EPCISResult is one page of an EPCIS query.
type EPCISResult struct {
	// Events are the matching events as stored, in ledger order.
	Events []json.RawMessage
	// NextPageToken is set when more events match.
	NextPageToken string
	// NextPageExpires is when NextPageToken stops being honoured.
	NextPageExpires time.Time
	// Time is when the query ran.
	Time time.Time
}
