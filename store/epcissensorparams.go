package store

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// The sensor parameters of an EPCIS query (EPCIS 2.0, 8.2.7.1). Each
// selects the events that have at least one sensor report satisfying it;
// like every other parameter, each is its own condition on the event. A
// value parameter names its unit (GT_maxValue_CEL): it compares the
// reports in that unit, and temperatures in the others (FAH, KEL)
// converted, so GT_maxValue_CEL=8 also finds a report of 47 FAH.

// sensorColumn maps a sensor value field to its column.
var sensorColumn = map[string]string{
	"value": "value", "minValue": "min_value", "maxValue": "max_value", "meanValue": "mean_value",
	"sDev": "sdev", "percValue": "perc_value",
}

// sensorValueParam is EQ_|GT_|GE_|LT_|LE_ a value field and a UN/ECE unit.
var sensorValueParam = regexp.MustCompile(`^(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percValue)_([A-Z0-9]{2,4})$`)

// sensorTextParams are the sensor parameters that list text values, with
// the column each compares and how a value is written there.
var sensorTextParams = map[string]struct {
	col  string
	norm func(string) string
}{
	"EQ_type":              {"type", epcis.MeasurementType},
	"EQ_deviceID":          {"device_id", epcis.CanonicalID},
	"EQ_stringValue":       {"string_value", strings.TrimSpace},
	"EQ_uriValue":          {"uri_value", strings.TrimSpace},
	"EQ_hexBinaryValue":    {"hex_binary_value", strings.TrimSpace},
	"EQ_microorganism":     {"microorganism", strings.TrimSpace},
	"EQ_chemicalSubstance": {"chemical_substance", strings.TrimSpace},
}

// sensorTimeParams are the time parameters, with the column each compares.
var sensorTimeParams = map[string]string{
	"GE_time": "time", "LT_time": "time", "GE_startTime": "start_time", "LT_startTime": "start_time",
	"GE_endTime": "end_time", "LT_endTime": "end_time",
}

// sensorParam adds name when it is a sensor parameter, and reports whether
// it was.
func (f *epcisFilter) sensorParam(name string, values []string) (bool, error) {
	if name == "EXISTS_sensorElementList" {
		f.add("x.seq IN (SELECT seq FROM epcis_sensors)")
		return true, nil
	}
	if p, ok := sensorTextParams[name]; ok {
		args := make([]any, len(values))
		for i, v := range values {
			args[i] = p.norm(v)
		}
		f.sensors(p.col+" IN ("+placeholders(len(values))+")", args...)
		return true, nil
	}
	if name == "EQ_booleanValue" {
		args := make([]any, len(values))
		for i, v := range values {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return true, lotledger.Errorf(lotledger.EINVALID, name, "%s takes true or false, not %q", name, v)
			}
			args[i] = boolInt(b)
		}
		f.sensors("boolean_value IN ("+placeholders(len(values))+")", args...)
		return true, nil
	}
	if col, ok := sensorTimeParams[name]; ok {
		t, err := oneTime(name, values)
		if err != nil {
			return true, err
		}
		f.sensors(col+" "+comparison(name)+" ?", formatEPCISTime(t))
		return true, nil
	}
	if op, ok := strings.CutSuffix(name, "_percRank"); ok && (op == "GT" || op == "GE" || op == "LT" || op == "LE") {
		v, err := oneNumber(name, values)
		if err != nil {
			return true, err
		}
		f.sensors("perc_rank "+sqlComparison[op]+" ?", v)
		return true, nil
	}
	if m := sensorValueParam.FindStringSubmatch(name); m != nil {
		return true, f.sensorValue(name, m[1], sensorColumn[m[2]], m[3], values)
	}
	return false, nil
}

// sensors adds "some sensor report of the event satisfies cond".
func (f *epcisFilter) sensors(cond string, args ...any) {
	f.add("x.seq IN (SELECT seq FROM epcis_sensors WHERE "+cond+")", args...)
}

var sqlComparison = map[string]string{"EQ": "=", "GT": ">", "GE": ">=", "LT": "<", "LE": "<="}

// sensorValue adds a value comparison in unit uom.
func (f *epcisFilter) sensorValue(name, op, col, uom string, values []string) error {
	cond, args, err := unitComparisons(name, op, col, "uom", uom, values)
	if err != nil {
		return err
	}
	f.sensors(cond, args...)
	return nil
}

// unitComparisons is the condition "col op value" for a value given in
// unit uom (EQ_ takes a list of values, the others one), over rows whose
// unit is in uomCol: the rows in uom, and those in the other units of its
// dimension with the value converted.
func unitComparisons(name, op, col, uomCol, uom string, values []string) (string, []any, error) {
	nums, err := paramNumbers(name, op, values)
	if err != nil {
		return "", nil, err
	}
	var conds []string
	var args []any
	for _, u := range sameDimension(uom) {
		for _, n := range nums {
			conds = append(conds, "("+uomCol+" = ? AND "+col+" "+sqlComparison[op]+" ?)")
			args = append(args, u.uom, u.from(n))
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args, nil
}

func oneNumber(name string, values []string) (float64, error) {
	if len(values) != 1 {
		return 0, lotledger.Errorf(lotledger.EINVALID, name, "%s takes one number", name)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(values[0]), 64)
	if err != nil {
		return 0, lotledger.Errorf(lotledger.EINVALID, name, "%s takes a number, not %q", name, values[0])
	}
	return n, nil
}

// unitIn is a unit a value given in another unit of its dimension is
// compared in, and the conversion to it.
type unitIn struct {
	uom  string
	from func(float64) float64
}

// sameDimension lists uom itself and the other units of its dimension
// that lotledger converts between, each with the conversion of a value
// from uom: temperatures (CEL, FAH, KEL), and the common UN/ECE Rec 20
// units of mass, volume and length (linearUnits). Other units are compared
// as written. A converted value is rounded to 12 significant digits, so
// that 1.5 KGM is exactly 1500 GRM.
func sameDimension(uom string) []unitIn {
	if _, ok := toCelsius[uom]; ok {
		var out []unitIn
		for _, u := range []string{"CEL", "FAH", "KEL"} {
			out = append(out, converted(uom, u, func(v float64) float64 { return fromCelsius[u](toCelsius[uom](v)) }))
		}
		return out
	}
	if f, ok := linearUnits[uom]; ok {
		var out []unitIn
		for _, u := range slices.Sorted(maps.Keys(linearUnits)) {
			if g := linearUnits[u]; g.dim == f.dim {
				out = append(out, converted(uom, u, func(v float64) float64 { return v * f.factor / g.factor }))
			}
		}
		return out
	}
	return []unitIn{{uom, func(v float64) float64 { return v }}}
}

// converted is unit to, reached from unit from by conv.
func converted(from, to string, conv func(float64) float64) unitIn {
	if from == to {
		return unitIn{to, func(v float64) float64 { return v }}
	}
	return unitIn{to, func(v float64) float64 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(conv(v), 'g', 12, 64), 64)
		return r
	}}
}

var toCelsius = map[string]func(float64) float64{
	"CEL": func(v float64) float64 { return v },
	"FAH": func(v float64) float64 { return (v - 32) * 5 / 9 },
	"KEL": func(v float64) float64 { return v - 273.15 },
}

var fromCelsius = map[string]func(float64) float64{
	"CEL": func(v float64) float64 { return v },
	"FAH": func(v float64) float64 { return v*9/5 + 32 },
	"KEL": func(v float64) float64 { return v + 273.15 },
}

// linearUnits are the UN/ECE Rec 20 units converted by a factor: each
// one's dimension and its size in the dimension's base unit (KGM, LTR, MTR).
var linearUnits = map[string]struct {
	dim    string
	factor float64
}{
	"KGM": {"mass", 1}, "GRM": {"mass", 1e-3}, "MGM": {"mass", 1e-6}, "TNE": {"mass", 1000},
	"LBR": {"mass", 0.45359237}, "ONZ": {"mass", 0.028349523125},
	"LTR": {"volume", 1}, "MLT": {"volume", 1e-3}, "CLT": {"volume", 1e-2}, "DLT": {"volume", 0.1},
	"HLT": {"volume", 100}, "MTQ": {"volume", 1000}, "CMQ": {"volume", 1e-3},
	"GLL": {"volume", 3.785411784}, "GLI": {"volume", 4.54609}, "OZA": {"volume", 0.0295735295625}, "OZI": {"volume", 0.0284130625},
	"MTR": {"length", 1}, "MMT": {"length", 1e-3}, "CMT": {"length", 1e-2}, "DMT": {"length", 0.1},
	"KMT": {"length", 1000}, "INH": {"length", 0.0254}, "FOT": {"length", 0.3048}, "YRD": {"length", 0.9144},
}
