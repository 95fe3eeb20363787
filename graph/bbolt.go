// This file adapts go.etcd.io/bbolt to the hidalgo key-value interface
// Cayley's kv quad store runs on. It is hidalgo's kv/bolt adapter
// (Copyright 2016 The Cayley Authors, Apache License 2.0) moved from the
// unmaintained github.com/boltdb/bolt, whose unsafe pointer arithmetic
// fails Go's checkptr under -race, to bbolt, which reads the same files.

package graph

import (
	"bytes"
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/hidal-go/hidalgo/kv"
)

var _ kv.KV = (*boltKV)(nil)

// boltKV is a bbolt database as a hidalgo kv.KV.
type boltKV struct {
	db *bolt.DB
}

func (db *boltKV) Close() error {
	return db.db.Close()
}

func (db *boltKV) Tx(rw bool) (kv.Tx, error) {
	tx, err := db.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	return &boltTx{tx: tx, top: map[string]*bolt.Bucket{}}, nil
}

type boltTx struct {
	tx *bolt.Tx
	// top caches the top-level buckets: Cayley's kv layer names one in
	// every key, and looking it up again per Put or Get (a cursor seek
	// in the root) took about a tenth of an import's CPU.
	top map[string]*bolt.Bucket
}

// topBucket returns top-level bucket name, creating it when create is set
// (nil when missing and not created).
func (tx *boltTx) topBucket(name []byte, create bool) (*bolt.Bucket, error) {
	if b := tx.top[string(name)]; b != nil {
		return b, nil
	}
	var (
		b   *bolt.Bucket
		err error
	)
	if create {
		b, err = tx.tx.CreateBucketIfNotExists(name)
	} else {
		b = tx.tx.Bucket(name)
	}
	if b != nil {
		tx.top[string(name)] = b
	}
	return b, err
}

func (tx *boltTx) root() *bolt.Bucket {
	// a hack to get the root bucket
	c := tx.tx.Cursor()
	return c.Bucket()
}

func (tx *boltTx) bucket(key kv.Key) (*bolt.Bucket, kv.Key) {
	if len(key) <= 1 {
		return tx.root(), key
	}
	b, _ := tx.topBucket(key[0], false)
	key = key[1:]
	for b != nil && len(key) > 1 {
		b = b.Bucket(key[0])
		key = key[1:]
	}
	return b, key
}

func (tx *boltTx) Get(ctx context.Context, key kv.Key) (kv.Value, error) {
	b, k := tx.bucket(key)
	if b == nil || len(k) != 1 {
		return nil, kv.ErrNotFound
	}
	v := b.Get(k[0])
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

func (tx *boltTx) GetBatch(ctx context.Context, keys []kv.Key) ([]kv.Value, error) {
	vals := make([]kv.Value, len(keys))
	for i, k := range keys {
		if b, k := tx.bucket(k); b != nil && len(k) == 1 {
			vals[i] = b.Get(k[0])
		}
	}
	return vals, nil
}

func (tx *boltTx) Commit(ctx context.Context) error {
	return tx.tx.Commit()
}

func (tx *boltTx) Close() error {
	return tx.tx.Rollback()
}

func (tx *boltTx) Put(k kv.Key, v kv.Value) error {
	var (
		b   *bolt.Bucket
		err error
	)
	if len(k) <= 1 {
		b = tx.root()
	} else {
		b, err = tx.topBucket(k[0], true)
		k = k[1:]
	}
	for err == nil && b != nil && len(k) > 1 {
		b, err = b.CreateBucketIfNotExists(k[0])
		k = k[1:]
	}
	if err != nil {
		return err
	} else if len(k[0]) == 0 && len(v) == 0 {
		return nil // bucket creation, no need to put value
	}
	return b.Put(k[0], v)
}

func (tx *boltTx) Del(k kv.Key) error {
	b, k := tx.bucket(k)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

func (tx *boltTx) Scan(pref kv.Key) kv.Iterator {
	kpref := pref
	b, p := tx.bucket(pref)
	if b == nil || len(p) > 1 {
		// if the prefix key is still longer than 1, it means that
		// a bucket mentioned in the prefix does not exists and
		// we can safely return an empty iterator
		return &boltIter{}
	}
	// the key for bucket we iterate
	kpref = kpref[:len(kpref)-len(p)]
	return &boltIter{
		b:    []*bolt.Bucket{b},
		pref: p,
		root: kpref.Clone(), // we will append to it
	}
}

type boltIter struct {
	root kv.Key // used to reconstruct a full key
	pref kv.Key // prefix to check all keys against
	b    []*bolt.Bucket
	c    []*bolt.Cursor
	k, v []byte
}

func (it *boltIter) Next(ctx context.Context) bool {
	for len(it.b) > 0 {
		i := len(it.b) - 1
		cb := it.b[i]
		if len(it.c) < len(it.b) {
			c := cb.Cursor()
			it.c = append(it.c, c)
			if i >= len(it.pref) {
				it.k, it.v = c.First()
			} else {
				it.k, it.v = c.Seek(it.pref[i])
			}
		} else {
			c := it.c[i]
			it.k, it.v = c.Next()
		}
		if it.k != nil {
			// found a key, check prefix
			if i >= len(it.pref) || bytes.HasPrefix(it.k, it.pref[i]) {
				// prefix matches, or is not specified
				if it.v == nil {
					// it's a bucket
					cb := it.b[len(it.b)-1]
					if b := cb.Bucket(it.k); b != nil {
						it.b = append(it.b, b)
						it.root = append(it.root, it.k)
						continue
					}
					// or maybe it's a key after all
				}
				// return this value
				return true
			}
		}
		// iterator is ended, or we reached the end of the prefix
		// return to top-level bucket
		it.c = it.c[:len(it.c)-1]
		it.b = it.b[:len(it.b)-1]
		if len(it.root) > 0 { // since we hide top-level bucket it can be smaller
			it.root = it.root[:len(it.root)-1]
		}
	}
	return false
}

func (it *boltIter) Key() kv.Key {
	if len(it.b) == 0 {
		return nil
	}
	k := it.root.Clone()
	k = append(k, append([]byte{}, it.k...))
	return k
}

func (it *boltIter) Val() kv.Value {
	return it.v
}

func (it *boltIter) Err() error {
	return nil
}

func (it *boltIter) Close() error {
	*it = boltIter{}
	return nil
}
