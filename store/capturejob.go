package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"lotledger"
	"lotledger/epcis"
)

// saveCaptureJob records a finished capture, successful or not, outside the
// capture's own transaction (a refused capture leaves its job behind).
func (s *Store) saveCaptureJob(ctx context.Context, j *epcis.CaptureJob) error {
	if _, err := s.wdb.ExecContext(ctx, insertCaptureJob, captureJobRow(j)...); err != nil {
		return fmt.Errorf("record capture job: %w", err)
	}
	return nil
}

// saveCaptureJob records a successful capture's job in the transaction
// that applies it.
func (w *writer) saveCaptureJob(j *epcis.CaptureJob) error {
	if _, err := w.exec(insertCaptureJob, captureJobRow(j)...); err != nil {
		return fmt.Errorf("record capture job: %w", err)
	}
	return nil
}

const insertCaptureJob = `INSERT INTO capture_jobs (id, created_at, finished_at, user_name, success, error_behaviour, events, applied, stored, duplicates, first_seq, last_seq, errors)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`

func captureJobRow(j *epcis.CaptureJob) []any {
	errs := ""
	if len(j.Errors) > 0 {
		b, _ := json.Marshal(j.Errors)
		errs = string(b)
	}
	var first, last any
	if j.FirstSeq > 0 {
		first, last = j.FirstSeq, j.LastSeq
	}
	return []any{j.CaptureID, formatTime(j.CreatedAt), formatTime(j.FinishedAt), j.User, boolInt(j.Success), j.CaptureErrorBehaviour,
		j.Events, j.Applied, j.Stored, j.Duplicates, first, last, errs}
}

const captureJobColumns = `id, created_at, finished_at, user_name, success, error_behaviour, events, applied, stored, duplicates, COALESCE(first_seq, 0), COALESCE(last_seq, 0), errors`

func scanCaptureJob(sc interface{ Scan(...any) error }) (epcis.CaptureJob, error) {
	var j epcis.CaptureJob
	var created, finished, errs string
	var success int
	err := sc.Scan(&j.CaptureID, &created, &finished, &j.User, &success, &j.CaptureErrorBehaviour, &j.Events, &j.Applied, &j.Stored, &j.Duplicates, &j.FirstSeq, &j.LastSeq, &errs)
	if err != nil {
		return j, err
	}
	j.CreatedAt, j.FinishedAt, j.Success = parseTime(created), parseTime(finished), success == 1
	if errs != "" {
		json.Unmarshal([]byte(errs), &j.Errors)
	}
	return j, nil
}

// CaptureJob returns one capture job.
func (s *Store) CaptureJob(ctx context.Context, id string) (*epcis.CaptureJob, error) {
	j, err := scanCaptureJob(s.rdb.QueryRowContext(ctx, `SELECT `+captureJobColumns+` FROM capture_jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "captureID", "no capture job %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read capture job: %w", err)
	}
	return &j, nil
}

// CaptureJobs lists capture jobs, newest first.
func (s *Store) CaptureJobs(ctx context.Context, p lotledger.PageRequest) (*lotledger.Page[epcis.CaptureJob], error) {
	limit, offset, err := pageBounds(p)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+captureJobColumns+` FROM capture_jobs ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, limit+1, offset)
	if err != nil {
		return nil, fmt.Errorf("list capture jobs: %w", err)
	}
	return collect(rows, limit, offset, func(r *sql.Rows) (epcis.CaptureJob, error) { return scanCaptureJob(r) })
}

// locationByGLN finds the location with a GLN.
func (s *Store) locationByGLN(ctx context.Context, q querier, gln string) (*locRow, error) {
	code := s.cachedKey(s.locByGLN, gln)
	if code == "" {
		if err := q.QueryRowContext(ctx, `SELECT code FROM locations WHERE gln = $1`, gln).Scan(&code); err != nil {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, "gln", "no location has GLN %s", gln)
		}
		s.cacheKey(s.locByGLN, gln, code)
	}
	return s.location(ctx, q, code)
}

// partyByGLN finds the party with a GLN.
func (s *Store) partyByGLN(ctx context.Context, q querier, gln string) (*partyRow, error) {
	code := s.cachedKey(s.partyByGLNs, gln)
	if code == "" {
		if err := q.QueryRowContext(ctx, `SELECT code FROM parties WHERE gln = $1 ORDER BY code LIMIT 1`, gln).Scan(&code); err != nil {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, "gln", "no party has GLN %s", gln)
		}
		s.cacheKey(s.partyByGLNs, gln, code)
	}
	return s.party(ctx, q, code)
}
