package demo

import "lotledger"

// withCheckDigit completes a GS1 key (a GLN from 12 digits, a GTIN-14 from
// 13) with its mod-10 check digit, so that every identifier in the demo passes
// the same validation as a real one.
func withCheckDigit(body string) string {
	return body + string(lotledger.CheckDigit(body))
}
