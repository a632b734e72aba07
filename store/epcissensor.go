package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"lotledger/epcis"
)

// The sensor reports of EPCIS events (migrations/0015_epcis_sensors.sql):
// indexed as events are appended, for the sensor parameters of the query
// interface (epcissensorparams.go).

// sensorColumns are epcis_sensors' columns in the order sensorRow gives them.
const sensorColumns = "seq, n, type, device_id, time, start_time, end_time, uom, value, min_value, max_value, mean_value, sdev, " +
	"perc_rank, perc_value, string_value, boolean_value, uri_value, hex_binary_value, microorganism, chemical_substance"

// sensorRow is one report's row; absent numbers and times are NULL.
func sensorRow(seq int64, n int, r epcis.SensorReport) []any {
	num := func(v *float64) any {
		if v == nil {
			return nil
		}
		return *v
	}
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return formatEPCISTime(t)
	}
	var b any
	if r.BooleanValue != nil {
		b = boolInt(*r.BooleanValue)
	}
	return []any{seq, n, r.Type, r.DeviceID, at(r.Time), at(r.StartTime), at(r.EndTime), r.UOM, num(r.Value), num(r.MinValue),
		num(r.MaxValue), num(r.MeanValue), num(r.SDev), num(r.PercRank), num(r.PercValue), r.StringValue, b, r.URIValue,
		r.HexBinaryValue, r.Microorganism, r.ChemicalSubstance}
}

// indexSensors queues the sensor rows of one event; most events have none.
func (w *writer) indexSensors(seq int64, ev *epcis.Event) error {
	if len(ev.SensorElementList) == 0 || w.s.sensorless {
		return nil
	}
	reports, err := epcis.SensorReports(ev.SensorElementList)
	if err != nil {
		return fmt.Errorf("index sensor data of event %d: %w", seq, err)
	}
	for n, r := range reports {
		w.later("epcis_sensors", sensorRow(seq, n, r)...)
	}
	return nil
}

// fillSensors indexes the sensor data of the events captured before
// migration 15, a thousand events at a time: only events whose stored form
// names a sensorElementList are read and decoded.
func fillSensors(ctx context.Context, s *Store, tx *sql.Tx) error {
	for after := int64(0); ; {
		type stored struct {
			seq int64
			doc string
		}
		var batch []stored
		rows, err := tx.QueryContext(ctx, `SELECT e.seq, e.epcis FROM events e JOIN epcis_events x ON x.seq = e.seq
			WHERE e.seq > $1 AND e.epcis LIKE '%sensorElementList%' ORDER BY e.seq LIMIT 1000`, after)
		if err != nil {
			return fmt.Errorf("index sensor data: %w", err)
		}
		for rows.Next() {
			var st stored
			if err := rows.Scan(&st.seq, &st.doc); err != nil {
				rows.Close()
				return fmt.Errorf("index sensor data: %w", err)
			}
			batch = append(batch, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(batch) == 0 {
			return err
		}
		for _, st := range batch {
			ev, err := epcis.DecodeEvent([]byte(st.doc))
			if err != nil {
				return fmt.Errorf("index sensor data of event %d: %w", st.seq, err)
			}
			reports, err := epcis.SensorReports(ev.SensorElementList)
			if err != nil {
				return fmt.Errorf("index sensor data of event %d: %w", st.seq, err)
			}
			for n, r := range reports {
				if _, err := tx.ExecContext(ctx, `INSERT INTO epcis_sensors (`+sensorColumns+`) VALUES `+
					paramRows(21, 1, s.postgres, "", ""), sensorRow(st.seq, n, r)...); err != nil {
					return fmt.Errorf("index sensor data of event %d: %w", st.seq, err)
				}
			}
			after = st.seq
		}
	}
}
