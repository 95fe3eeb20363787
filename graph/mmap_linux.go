package graph

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped tells the kernel that the process no longer needs the pages
// of db's memory map it has touched (madvise MADV_DONTNEED). bbolt maps
// the file shared and read-only, so this loses nothing: the pages stay in
// the page cache and the next read maps them again (a minor fault). It
// keeps a long write, which reads most of a growing file through the map,
// from counting the whole file in its resident set.
func dropMapped(db *bolt.DB) {
	var size int64
	if err := db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil || size == 0 {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), syscall.MADV_DONTNEED)
}
