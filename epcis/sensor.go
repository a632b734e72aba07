package epcis

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// SensorReport is one sensorReport of an event's sensorElementList, with
// what its sensorMetadata says of it filled in: the report's own time and
// deviceID, or else its element's. Numbers absent from the report are nil.
type SensorReport struct {
	Type              string // a measurement type: the bare GS1 term ("Temperature") or another URI/CURIE as written
	DeviceID          string
	Time              time.Time
	StartTime         time.Time
	EndTime           time.Time
	UOM               string
	Value             *float64
	MinValue          *float64
	MaxValue          *float64
	MeanValue         *float64
	SDev              *float64
	PercRank          *float64
	PercValue         *float64
	StringValue       string
	BooleanValue      *bool
	URIValue          string
	HexBinaryValue    string
	Microorganism     string
	ChemicalSubstance string
}

type sensorElement struct {
	Metadata struct {
		Time      string `json:"time"`
		StartTime string `json:"startTime"`
		EndTime   string `json:"endTime"`
		DeviceID  string `json:"deviceID"`
	} `json:"sensorMetadata"`
	Reports []struct {
		Type              string   `json:"type"`
		DeviceID          string   `json:"deviceID"`
		Time              string   `json:"time"`
		UOM               string   `json:"uom"`
		Value             *float64 `json:"value"`
		MinValue          *float64 `json:"minValue"`
		MaxValue          *float64 `json:"maxValue"`
		MeanValue         *float64 `json:"meanValue"`
		SDev              *float64 `json:"sDev"`
		PercRank          *float64 `json:"percRank"`
		PercValue         *float64 `json:"percValue"`
		StringValue       string   `json:"stringValue"`
		BooleanValue      *bool    `json:"booleanValue"`
		URIValue          string   `json:"uriValue"`
		HexBinaryValue    string   `json:"hexBinaryValue"`
		Microorganism     string   `json:"microorganism"`
		ChemicalSubstance string   `json:"chemicalSubstance"`
	} `json:"sensorReport"`
}

// SensorReports flattens an event's sensorElementList (Event.
// SensorElementList) into its reports, in order. A list lotledger cannot
// read (it passed the schema, so this is rare) is an error naming where.
func SensorReports(list json.RawMessage) ([]SensorReport, error) {
	if len(list) == 0 {
		return nil, nil
	}
	var elems []sensorElement
	if err := json.Unmarshal(list, &elems); err != nil {
		return nil, fmt.Errorf("sensorElementList: %w", err)
	}
	var out []SensorReport
	for i, el := range elems {
		meta := el.Metadata
		start, err1 := optionalTime(meta.StartTime)
		end, err2 := optionalTime(meta.EndTime)
		for j, r := range el.Reports {
			at := r.Time
			if at == "" {
				at = meta.Time
			}
			t, err3 := optionalTime(at)
			if err := firstErr(err1, err2, err3); err != nil {
				return nil, fmt.Errorf("sensorElementList/%d/sensorReport/%d: %w", i, j, err)
			}
			device := r.DeviceID
			if device == "" {
				device = meta.DeviceID
			}
			out = append(out, SensorReport{Type: MeasurementType(r.Type), DeviceID: CanonicalID(device), Time: t,
				StartTime: start, EndTime: end, UOM: r.UOM, Value: r.Value, MinValue: r.MinValue, MaxValue: r.MaxValue,
				MeanValue: r.MeanValue, SDev: r.SDev, PercRank: r.PercRank, PercValue: r.PercValue, StringValue: r.StringValue,
				BooleanValue: r.BooleanValue, URIValue: r.URIValue, HexBinaryValue: r.HexBinaryValue,
				Microorganism: r.Microorganism, ChemicalSubstance: r.ChemicalSubstance})
		}
	}
	return out, nil
}

func optionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// MeasurementType returns a sensor report's type in the form it is indexed
// and compared in: a GS1 measurement type bare ("Temperature", whether
// written so, as gs1:Temperature, gs1:MT-Temperature or a web URI of the
// GS1 vocabulary), anything else as written.
func MeasurementType(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://gs1.org/voc/", "http://gs1.org/voc/", "gs1:"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			if term, ok := strings.CutPrefix(rest, "MT-"); ok && term != "" {
				return term
			}
			return rest
		}
	}
	return s
}
