package gs1

import "strings"

// Linter names a content check ("linter") that the GS1 Barcode Syntax Dictionary attaches
// to a value component, e.g. csum (mod-10 check digit) or yymmd0 (date, day 00 allowed).
type Linter uint8

// The linters named by the dictionary. Generated ai_table.go refers to these names: a new
// dictionary release that names an unknown linter fails to compile until it is added here.
const (
	lintNone Linter = iota
	lintCouponcode
	lintCouponposoffer
	lintCsum
	lintCsumalpha
	lintGcppos1
	lintGcppos2
	lintHasnondigit
	lintHh
	lintHhmi
	lintHyphen
	lintIban
	lintImporteridx
	lintIso3166
	lintIso3166999
	lintIso3166alpha2
	lintIso4217
	lintIso5218
	lintLatitude
	lintLongitude
	lintMediatype
	lintMi
	lintNonzero
	lintNozeroprefix
	lintPackagetype
	lintPcenc
	lintPieceoftotal
	lintPosinseqslash
	lintSs
	lintWinding
	lintYesno
	lintYymmd0
	lintYymmdd
	lintYyyymmdd
	lintZero
)

var linterNames = [...]string{
	"", "couponcode", "couponposoffer", "csum", "csumalpha", "gcppos1", "gcppos2",
	"hasnondigit", "hh", "hhmi", "hyphen", "iban", "importeridx", "iso3166", "iso3166999",
	"iso3166alpha2", "iso4217", "iso5218", "latitude", "longitude", "mediatype", "mi",
	"nonzero", "nozeroprefix", "packagetype", "pcenc", "pieceoftotal", "posinseqslash", "ss",
	"winding", "yesno", "yymmd0", "yymmdd", "yyyymmdd", "zero",
}

// String returns the dictionary's name for the linter.
func (l Linter) String() string {
	if int(l) < len(linterNames) {
		return linterNames[l]
	}
	return "unknown"
}

// finding is a linter's verdict: an empty name means the value passed; pos is the offset
// of the offending data within the component.
type finding struct {
	name string
	pos  int
}

var passed = finding{} // the finding of a value that passes

// lint applies one linter to a component value that already passed its character-set check.
func lint(l Linter, v string) finding {
	switch l {
	case lintCsum:
		return lintCheckDigit(v)
	case lintCsumalpha:
		return lintCheckPair(v)
	case lintGcppos1:
		return lintGCP(v, 0)
	case lintGcppos2:
		return lintGCP(v, 1)
	case lintYymmd0, lintYymmdd:
		return lintDate(v, 2, l == lintYymmd0)
	case lintYyyymmdd:
		return lintDate(v, 4, false)
	case lintHh, lintHhmi, lintMi, lintSs:
		return lintTime(l, v)
	case lintCouponcode:
		return lintCoupon(v)
	case lintCouponposoffer:
		return lintCouponPOS(v)
	case lintIban:
		return lintIBAN(v)
	}
	return lintSimple(l, v)
}

// lintSimple handles the linters that check membership of a small value set.
func lintSimple(l Linter, v string) finding {
	switch l {
	case lintIso3166:
		return member(iso3166Numeric, v, "NOT_ISO3166")
	case lintIso3166999:
		if v == "999" {
			return passed
		}
		return member(iso3166Numeric, v, "NOT_ISO3166_OR_999")
	case lintIso3166alpha2:
		return member(iso3166Alpha2, v, "NOT_ISO3166_ALPHA2")
	case lintIso4217:
		return member(iso4217Numeric, v, "NOT_ISO4217")
	case lintMediatype:
		return member(aidcMediaTypes, v, "INVALID_MEDIA_TYPE")
	case lintPackagetype:
		return member(packageTypes, v, "INVALID_PACKAGE_TYPE")
	case lintIso5218:
		return oneOf(v, "0129", "INVALID_BIOLOGICAL_SEX_CODE")
	case lintWinding:
		return oneOf(v, "019", "INVALID_WINDING_DIRECTION")
	case lintYesno:
		return oneOf(v, "01", "NOT_ZERO_OR_ONE")
	case lintZero:
		return oneOf(v, "0", "NOT_ZERO")
	case lintHyphen:
		return oneOf(v, "-", "NOT_HYPHEN")
	}
	return lintShape(l, v)
}

// lintShape handles the remaining structural linters.
func lintShape(l Linter, v string) finding {
	switch l {
	case lintNonzero:
		if strings.Trim(v, "0") == "" {
			return finding{"ILLEGAL_ZERO_VALUE", 0}
		}
	case lintNozeroprefix:
		if len(v) > 1 && v[0] == '0' {
			return finding{"ILLEGAL_ZERO_PREFIX", 0}
		}
	case lintHasnondigit:
		if allDigits(v) {
			return finding{"REQUIRES_NON_DIGIT_CHARACTER", 0}
		}
	case lintImporteridx:
		if i := indexNotIn(v, cset64Chars); i >= 0 {
			return finding{"INVALID_IMPORT_IDX_CHARACTER", i}
		}
	case lintLatitude:
		return numberAtMost(v, 1800000000, "INVALID_LATITUDE")
	case lintLongitude:
		return numberAtMost(v, 3600000000, "INVALID_LONGITUDE")
	case lintPcenc:
		return lintPercent(v)
	case lintPieceoftotal:
		return lintPieceOfTotal(v)
	case lintPosinseqslash:
		return lintPositionInSequence(v)
	}
	return passed
}

func member(list, v, name string) finding {
	if v == "" || strings.ContainsRune(v, ' ') || !strings.Contains(list, " "+v+" ") {
		return finding{name, 0}
	}
	return passed
}

func oneOf(v, allowed, name string) finding {
	if len(v) != 1 || !strings.Contains(allowed, v) {
		return finding{name, 0}
	}
	return passed
}

func numberAtMost(v string, limit int64, name string) finding {
	var n int64
	for i := 0; i < len(v); i++ {
		n = n*10 + int64(v[i]-'0')
	}
	if n > limit {
		return finding{name, 0}
	}
	return passed
}

// lintCheckDigit verifies the final digit as a GS1 mod-10 check digit.
func lintCheckDigit(v string) finding {
	if len(v) < 2 || !allDigits(v) || checkDigit(v[:len(v)-1]) != v[len(v)-1] {
		return finding{"INCORRECT_CHECK_DIGIT", len(v) - 1}
	}
	return passed
}

// checkPairPrimes are the weights of the alphanumeric check character pair, applied from
// the right (GS1 General Specifications, "check character calculation for alphanumeric keys").
var checkPairPrimes = [...]int{
	2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
	97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191,
	193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293,
	307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419,
	421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
}

// cset82Ordered is CSET 82 in the order that gives each character its check-pair value.
const cset82Ordered = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`
const cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// lintCheckPair verifies the two trailing check characters of an alphanumeric key (GMN).
func lintCheckPair(v string) finding {
	n := len(v)
	if n < 2 {
		return finding{"TOO_SHORT_FOR_CHECK_PAIR", 0}
	}
	if n-2 > len(checkPairPrimes) {
		return finding{"TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION", 0}
	}
	sum := 0
	for i := 0; i < n-2; i++ {
		sum += strings.IndexByte(cset82Ordered, v[i]) * checkPairPrimes[n-3-i]
	}
	sum %= 1021
	if v[n-2] != cset32[sum>>5] || v[n-1] != cset32[sum&31] {
		return finding{"INCORRECT_CHECK_PAIR", n - 2}
	}
	return passed
}

// lintGCP checks that a GS1 Company Prefix can start at offset: at least four digits.
func lintGCP(v string, offset int) finding {
	const minGCP = 4
	if len(v)-offset < minGCP {
		return finding{"TOO_SHORT_FOR_GCP", offset}
	}
	for i := offset; i < offset+minGCP; i++ {
		if !isDigit(v[i]) {
			return finding{"INVALID_GCP_PREFIX", i}
		}
	}
	return passed
}

// lintDate checks YYMMDD (yearDigits 2) or YYYYMMDD (4). DD 00 ("no day given", used by
// best-before and expiry dates) is accepted when day0 is set. For two-digit years a year is
// a leap year when divisible by four, which is exact for 2001-2099 and for 2000.
func lintDate(v string, yearDigits int, day0 bool) finding {
	if len(v) != yearDigits+4 {
		return finding{"DATE_HAS_INCORRECT_LENGTH", 0}
	}
	year := atoi(v[:yearDigits])
	month := atoi(v[yearDigits : yearDigits+2])
	day := atoi(v[yearDigits+2:])
	if month < 1 || month > 12 {
		return finding{"ILLEGAL_MONTH", yearDigits}
	}
	if day == 0 && day0 {
		return passed
	}
	if day < 1 || day > daysIn(month, year, yearDigits == 2) {
		return finding{"ILLEGAL_DAY", yearDigits + 2}
	}
	return passed
}

func daysIn(month, year int, twoDigit bool) int {
	switch month {
	case 2:
		leap := year%4 == 0 && (twoDigit || year%100 != 0 || year%400 == 0)
		if leap {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// lintTime checks hours (hh), minutes (mi), seconds (ss) or hours and minutes (hhmi).
func lintTime(l Linter, v string) finding {
	switch l {
	case lintHh:
		if atoi(v) > 23 {
			return finding{"ILLEGAL_HOUR", 0}
		}
	case lintMi:
		if atoi(v) > 59 {
			return finding{"ILLEGAL_MINUTE", 0}
		}
	case lintSs:
		if atoi(v) > 59 {
			return finding{"ILLEGAL_SECOND", 0}
		}
	case lintHhmi:
		if len(v) != 4 || atoi(v[:2]) > 23 {
			return finding{"ILLEGAL_HOUR", 0}
		}
		if atoi(v[2:]) > 59 {
			return finding{"ILLEGAL_MINUTE", 2}
		}
	}
	return passed
}

// lintPercent checks that every "%" starts a two-hex-digit escape.
func lintPercent(v string) finding {
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && (i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2])) {
			return finding{"INVALID_PERCENT_SEQUENCE", i}
		}
	}
	return passed
}

// lintPieceOfTotal checks "piece number, total count" halves: neither zero, piece <= total.
func lintPieceOfTotal(v string) finding {
	h := len(v) / 2
	piece, total := atoi(v[:h]), atoi(v[h:])
	switch {
	case len(v)%2 != 0:
		return finding{"INVALID_LENGTH_FOR_PIECE_OF_TOTAL", 0}
	case piece == 0:
		return finding{"ZERO_PIECE_NUMBER", 0}
	case total == 0:
		return finding{"ZERO_TOTAL_PIECES", h}
	case piece > total:
		return finding{"PIECE_NUMBER_EXCEEDS_TOTAL", 0}
	}
	return passed
}

// lintPositionInSequence checks "position/end", e.g. "1/3".
func lintPositionInSequence(v string) finding {
	pos, end, found := strings.Cut(v, "/")
	if !found || !allDigits(pos) || !allDigits(end) {
		return finding{"POSITION_IN_SEQUENCE_MALFORMED", 0}
	}
	if pos[0] == '0' {
		return finding{"ILLEGAL_ZERO_PREFIX", 0}
	}
	if end[0] == '0' {
		return finding{"ILLEGAL_ZERO_PREFIX", len(pos) + 1}
	}
	if len(pos) > len(end) || (len(pos) == len(end) && pos > end) {
		return finding{"POSITION_EXCEEDS_END", 0}
	}
	return passed
}

// lintIBAN checks an International Bank Account Number (ISO 13616): country code, length
// 11-34, characters 0-9 A-Z, and the mod-97 checksum.
func lintIBAN(v string) finding {
	if len(v) < 4 {
		return finding{"IBAN_TOO_SHORT", 0}
	}
	if member(iso3166Alpha2, v[:2], "x").name != "" {
		return finding{"ILLEGAL_IBAN_COUNTRY_CODE", 0}
	}
	if len(v) > 34 {
		return finding{"IBAN_TOO_LONG", 0}
	}
	if len(v) <= 10 {
		return finding{"IBAN_TOO_SHORT", 0}
	}
	sum := 0
	for k := 4; k < len(v)+4; k++ {
		i := k % len(v)
		c := v[i]
		switch {
		case isDigit(c):
			sum = (sum*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			sum = (sum*100 + int(c-'A') + 10) % 97
		default:
			return finding{"INVALID_IBAN_CHARACTER", i}
		}
	}
	if sum != 1 {
		return finding{"INCORRECT_IBAN_CHECKSUM", 2}
	}
	return passed
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
