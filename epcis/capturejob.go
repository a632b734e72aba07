package epcis

import "time"

// CaptureJob is the EPCIS 2.0 REST binding's record of one capture: what
// was sent, whether it was applied, and why not.
type CaptureJob struct {
	CaptureID             string         `json:"captureID"`
	CreatedAt             time.Time      `json:"createdAt"`
	FinishedAt            time.Time      `json:"finishedAt"`
	Running               bool           `json:"running"`
	Success               bool           `json:"success"`
	CaptureErrorBehaviour string         `json:"captureErrorBehaviour"`
	Errors                []CaptureError `json:"errors,omitempty"`
	// lotledger's own account of the capture.
	Events     int    `json:"lotledger:events"`     // events in the document
	Applied    int    `json:"lotledger:applied"`    // events that changed stock or lots
	Stored     int    `json:"lotledger:stored"`     // events recorded (applied or kept for queries)
	Duplicates int    `json:"lotledger:duplicates"` // events whose eventID was already in the ledger
	FirstSeq   int64  `json:"lotledger:firstSeq,omitempty"`
	LastSeq    int64  `json:"lotledger:lastSeq,omitempty"`
	User       string `json:"lotledger:user,omitempty"`
}

// CaptureError says what was wrong with a captured document and where, as
// a JSON pointer into it.
type CaptureError struct {
	Pointer string `json:"pointer"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// CaptureOptions say what a repository may do, when it captures a document,
// with identifiers it does not know.
type CaptureOptions struct {
	// CreateLots creates an unknown lot of a known item on first sight, with
	// the expiry its ILMD gives; otherwise the document is refused.
	CreateLots bool
	// KeepUnknown records an event that names an unknown item, lot or
	// location without applying it (it stays queryable); otherwise the
	// document is refused naming the identifier.
	KeepUnknown bool
}
