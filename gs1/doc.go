// Package gs1 reads and writes GS1 identifiers as they appear on labels and in links: check
// digits of GTIN, SSCC, GLN and the other mod-10 keys; AI element strings in bracketed form
// "(01)...(10)...", as FNC1/GS-separated data "^01...10...", and as scanner output with
// an AIM symbology identifier ("]C1", "]d2", "]Q3", "]e0", ...); and GS1 Digital Link URIs,
// parsed on any domain and generated on the canonical https://id.gs1.org or a chosen stem.
// The package is pure: no I/O, no global mutable state.
//
// # The AI table
//
// ai_table.go is generated from the GS1 Barcode Syntax Dictionary (Apache-2.0, GS1 AISBL,
// BWIPP and Zint projects), which gives every AI's format components, whether FNC1 must
// follow it, Digital Link roles, mandatory associations (req=) and exclusions (ex=). The
// content checks it names (check digits, dates, ISO code lists, coupon codes, ...) are the
// linters in linter.go. To move to a new dictionary release, replace the dictionary file
// and run, from the repository root:
//
//	go generate ./gs1
//
// which runs gs1/internal/gen (pass -dict to point at another copy). If the release names a
// linter this package does not know, the generated table fails to compile until the
// linter is added to linter.go.
//
// # Validation
//
// Parsing checks syntax, lengths, character sets and linters per AI, then the message as a
// whole: repeated AIs must agree, excluded pairs may not meet, a digital signature (8030)
// needs a serialised key, and mandatory associations must be present unless
// Options.SkipRequisites is set. Failures are *Error values naming the AI, the byte
// position in the input and the reason.
//
// Normalised outputs: ElementString drops separators the data did not need (a superfluous
// FNC1 after a predefined-length AI, or at the end); Bracketed escapes "(" in values as "\(".
//
// # Digital Link policy where references disagree
//
// The conformance data records cases where digital-link.js (GS1 Digital Link URI Syntax
// 1.2 era) accepts URIs that the GS1 Barcode Syntax Engine rejects. This package follows the
// GS1 Barcode Syntax Engine, which tracks the current Digital Link URI Syntax standard:
//
//   - a GTIN-8/12/13 in /01/ or ?01= is rejected unless Options.ZeroSuppressedGTIN is set
//     (then it is padded to 14 digits);
//   - a trailing "/" after the last path value is rejected;
//   - legacy convenience alphas (/gtin/, /lot/, /ser/, /sscc/, /gln/, ...) are not
//     recognised, so such URIs carry no primary key;
//   - compressed Digital Link URIs are not decompressed (and so carry no primary key);
//   - key qualifiers must already be in dictionary order; they are not re-sorted.
//
// The conformance test asserts exactly this: for digital-link.js rows it expects the
// engine's verdict with default options.
package gs1

//go:generate go run ./internal/gen -dict ../../shared/testdata/gs1/gs1-syntax-dictionary.txt -o ai_table.go
