package epcis

import (
	"net/url"
	"strings"
)

// The event hash names every GS1 key by its constrained canonical GS1
// Digital Link URI (CBV 2.0, event hash rules 17 and 18): EPC URNs are
// converted, and a Digital Link on any domain is rewritten to id.gs1.org
// with its query string and all but the finest key qualifier dropped.
const dlRoot = "https://id.gs1.org"

// canonicalID returns the canonical Digital Link of an EPC URN, EPC class or
// pattern URN, or Digital Link URI; anything else is returned as it is.
func canonicalID(s string) string {
	switch {
	case strings.HasPrefix(s, "urn:epc:"):
		if dl, ok := urnToDL(s); ok {
			return dl
		}
	case strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"):
		if dl, ok := constrainDL(s); ok {
			return dl
		}
	}
	return s
}

// urnToDL converts a TDS EPC URN ("urn:epc:id:sgtin:0614141.107346.2017"),
// class URN (lgtin) or GTIN pattern to Digital Link.
func urnToDL(s string) (string, bool) {
	rest := strings.TrimPrefix(s, "urn:epc:")
	kind, body, ok := strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	scheme, body, ok := strings.Cut(body, ":")
	if !ok {
		return "", false
	}
	parts := strings.Split(body, ".")
	switch kind + ":" + scheme {
	case "class:lgtin":
		return gtinDL(parts, "/10/")
	case "idpat:sgtin":
		if len(parts) == 3 && parts[2] == "*" {
			return gtinDL(parts[:2], "")
		}
		return "", false
	case "id:sgtin":
		return gtinDL(parts, "/21/")
	}
	if kind != "id" {
		return "", false
	}
	return idURNToDL(scheme, parts)
}

// gtinDL builds /01/{gtin}, plus qualifier q and the third part when q is
// set.
func gtinDL(parts []string, q string) (string, bool) {
	if (q == "" && len(parts) != 2) || (q != "" && len(parts) != 3) || len(parts[1]) == 0 {
		return "", false
	}
	gtin, ok := withCheckDigit(parts[1][:1] + parts[0] + parts[1][1:])
	if !ok || len(gtin) != 14 {
		return "", false
	}
	if q == "" {
		return dlRoot + "/01/" + gtin, true
	}
	return dlRoot + "/01/" + gtin + q + parts[2], true
}

// idURNToDL converts the other EPC schemes of TDS 2.0.
func idURNToDL(scheme string, p []string) (string, bool) {
	n := len(p)
	switch {
	case scheme == "sscc" && n == 2 && len(p[1]) > 0:
		return keyDL("/00/", p[1][:1]+p[0]+p[1][1:], true, "")
	case scheme == "sgln" && n == 3:
		ext := ""
		if p[2] != "0" {
			ext = "/254/" + p[2]
		}
		return keyDL("/414/", p[0]+p[1], true, ext)
	case scheme == "pgln" && n == 2:
		return keyDL("/417/", p[0]+p[1], true, "")
	case scheme == "grai" && n == 3:
		return keyDL("/8003/", "0"+p[0]+p[1], true, p[2])
	case scheme == "giai" && n == 2:
		return keyDL("/8004/", p[0]+p[1], false, "")
	case scheme == "gsrn" && n == 2:
		return keyDL("/8018/", p[0]+p[1], true, "")
	case scheme == "gsrnp" && n == 2:
		return keyDL("/8017/", p[0]+p[1], true, "")
	case scheme == "gdti" && n == 3:
		return keyDL("/253/", p[0]+p[1], true, p[2])
	case scheme == "sgcn" && n == 3:
		return keyDL("/255/", p[0]+p[1], true, p[2])
	case scheme == "ginc" && n == 2:
		return keyDL("/401/", p[0]+p[1], false, "")
	case scheme == "gsin" && n == 2:
		return keyDL("/402/", p[0]+p[1], true, "")
	case scheme == "cpi" && n == 3:
		return keyDL("/8010/", p[0]+p[1], false, "/8011/"+p[2])
	}
	return "", false
}

// keyDL builds dlRoot + ai + key (with its check digit appended when check
// is set) + tail.
func keyDL(ai, key string, check bool, tail string) (string, bool) {
	if check {
		var ok bool
		if key, ok = withCheckDigit(key); !ok {
			return "", false
		}
	}
	if key == "" {
		return "", false
	}
	return dlRoot + ai + key + tail, true
}

// withCheckDigit appends the GS1 mod-10 check digit to a string of digits.
func withCheckDigit(digits string) (string, bool) {
	if digits == "" {
		return "", false
	}
	sum := 0
	for i := 0; i < len(digits); i++ {
		c := digits[len(digits)-1-i]
		if c < '0' || c > '9' {
			return "", false
		}
		d := int(c - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return digits + string(rune('0'+(10-sum%10)%10)), true
}

// dlQualifiers lists, for each primary key AI, the key qualifiers the
// constrained canonical form keeps, finest first; only the first one
// present is kept.
var dlQualifiers = map[string][]string{
	"00": nil, "01": {"21", "10", "235"}, "253": nil, "255": nil, "401": nil, "402": nil,
	"414": {"254"}, "417": nil, "8003": nil, "8004": nil, "8006": {"21", "10"},
	"8010": {"8011"}, "8017": nil, "8018": nil,
}

// constrainDL rewrites a GS1 Digital Link URI on any domain to its
// constrained canonical form on id.gs1.org. ok is false for a URI that is
// not a Digital Link.
func constrainDL(s string) (string, bool) {
	path, ok := plainURLPath(s)
	if !ok {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", false
		}
		path = u.EscapedPath()
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := 0; i+1 < len(segs); i++ {
		quals, ok := dlQualifiers[segs[i]]
		if !ok || !plausibleKey(segs[i], segs[i+1]) {
			continue
		}
		key := segs[i+1]
		if segs[i] == "01" {
			key = strings.Repeat("0", 14-len(key)) + key
		}
		return dlRoot + "/" + segs[i] + "/" + key + finestQualifier(quals, segs[i+2:]), true
	}
	return "", false
}

// finestQualifier returns "/ai/value" for the first of quals found in the
// path segments after the primary key.
func finestQualifier(quals, segs []string) string {
	for _, q := range quals {
		for j := 0; j+1 < len(segs); j += 2 {
			if segs[j] == q {
				return "/" + q + "/" + segs[j+1]
			}
		}
	}
	return ""
}

// plausibleKey checks the length and digits of a primary key value, so that
// an unrelated URL path such as /01/intro is not taken for a GTIN.
func plausibleKey(ai, v string) bool {
	switch ai {
	case "01":
		return isDigits(v) && (len(v) == 8 || len(v) == 12 || len(v) == 13 || len(v) == 14)
	case "00", "8006", "8017", "8018":
		return isDigits(v) && len(v) == 18
	case "414", "417":
		return isDigits(v) && len(v) == 13
	case "402":
		return isDigits(v) && len(v) == 17
	case "253", "255", "8003":
		return len(v) >= 13 && isDigits(v[:13])
	}
	return v != ""
}

func isDigits(s string) bool { return s != "" && countDigits(s) == len(s) }

// plainURLPath returns the path of an http(s) URI whose host and path hold
// only letters, digits and "-._~" (and "/" in the path): no user, port,
// query, fragment or percent-encoding. For such a URI the path is what
// url.Parse's EscapedPath returns, without parsing; capture and the event
// hash canonicalise every identifier an event names, and most are plain.
func plainURLPath(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return "", false
		}
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if host == "" {
		return "", false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !unreservedByte(c) || c == '_' || c == '~' {
			return "", false
		}
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; c != '/' && !unreservedByte(c) {
			return "", false
		}
	}
	return path, true
}

// unreservedByte reports RFC 3986's unreserved characters.
func unreservedByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
