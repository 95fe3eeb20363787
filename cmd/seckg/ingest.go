package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/extract"
	"github.com/seckg/seckg/graph"
)

var cmdIngest = &command{
	name:  "ingest",
	usage: "[--db PATH] [--workers N] FILE_OR_DIR...",
	short: "extract .txt files (folders recursively) into the store, each document whole or not at all",
	run:   runIngest,
}

// partSize is where a large file is cut into parts, each its own document
// ("name.part0002"), so memory stays bounded whatever the file's size.
const partSize = 1 << 20

// input is one document to ingest: a whole file or one part of a large one.
type input struct {
	path string
	id   seckg.DocID
	raw  []byte
	part bool // one part of a file larger than partSize
}

type result struct {
	in  input
	x   seckg.Extraction
	err error
}

func runIngest(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents extracted in parallel")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	every := fs.Duration("progress", 2*time.Second, "how often progress is written on stderr (and pending documents stored)")
	memLimit := fs.Int("memlimit", 640, "soft limit in MiB on the Go heap (runtime/debug.SetMemoryLimit): the garbage collector works harder near it; 0: none, as with GOMEMLIMIT set")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no files or folders given", errUsage)
	}
	if *every <= 0 {
		return fmt.Errorf("%w: --progress must be positive, not %v", errUsage, *every)
	}
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// Without a limit the heap grows to twice what is live (GOGC=100)
		// between collections, and the store's index and the write
		// transactions make a large ingest's live heap hundreds of MB.
		debug.SetMemoryLimit(int64(*memLimit) << 20)
	}
	t0 := time.Now()
	files, bad := collect(fs.Args())
	for _, b := range bad {
		fmt.Fprintf(e.stderr, "seckg: ingest: %v\n", b)
	}
	st, p, closeAll, err := sf.openWritable(ctx, true)
	if err != nil {
		return err
	}
	defer closeAll()

	s := ingestStats{failed: len(bad)}
	ins := make(chan input, *workers)
	outs := make(chan result, *workers)
	var readErrs []error
	go func() {
		defer close(ins)
		ids := map[seckg.DocID]string{}
		for _, path := range files {
			if ctx.Err() != nil {
				return
			}
			if err := split(path, uniqueID(ids, path), func(in input) { ins <- in }); err != nil {
				readErrs = append(readErrs, err)
			}
		}
	}()
	var wg sync.WaitGroup
	// Extracting a part takes about 30 times its size in memory, so parts
	// are extracted one at a time (whole files still in parallel): that
	// keeps a large file's ingest well under 1 GiB.
	var partMu sync.Mutex
	for range max(*workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range ins {
				if ctx.Err() != nil {
					continue
				}
				if in.part {
					partMu.Lock()
				}
				r := extractOne(ctx, st, p, in)
				if in.part {
					partMu.Unlock()
				}
				outs <- r
			}
		}()
	}
	go func() { wg.Wait(); close(outs) }()

	progress := time.NewTicker(*every)
	defer progress.Stop()
	for {
		select {
		case r, ok := <-outs:
			if !ok {
				for _, err := range readErrs {
					fmt.Fprintf(e.stderr, "seckg: ingest: %v\n", err)
					s.failed++
				}
				return s.finish(ctx, e, st, t0)
			}
			s.add(ctx, e, st, r)
		case <-progress.C:
			s.flush(ctx, e, st)
			if !*quiet {
				fmt.Fprintf(e.stderr, "ingest: %d documents stored, %d unchanged, %d failed (%.0fs)\n", s.docs, s.skipped, s.failed, time.Since(t0).Seconds())
			}
		}
	}
}

// errUnchanged marks a document whose stored hash equals the file's.
var errUnchanged = errors.New("unchanged")

func extractOne(ctx context.Context, st *graph.Store, p *extract.Pipeline, in input) result {
	sum := sha256.Sum256(in.raw)
	hash := hex.EncodeToString(sum[:])
	if old, err := st.DocumentHash(ctx, in.id); err == nil && old == hash {
		return result{in: in, err: errUnchanged}
	}
	x, err := p.Extract(ctx, in.id, in.raw)
	if err != nil {
		return result{in: in, err: err}
	}
	x.Doc.ID, x.Doc.Hash = in.id, hash
	if x.Doc.Source == "" {
		x.Doc.Source = filepath.Base(in.path)
	}
	return result{in: in, x: x}
}

// Documents are written batchDocs (or batchBytes of text) at a time, in
// one transaction each batch: a bbolt commit per document took about a
// third of a large ingest's CPU. A batch that fails is written again one
// document at a time, so that each failure names its file and the other
// documents are still stored.
const (
	batchDocs  = 16
	batchBytes = 1 << 20
)

type ingestStats struct {
	docs, skipped, failed int
	entities, relations   int

	pending []result // extracted, not yet written
	bytes   int      // text size of pending
}

func (s *ingestStats) add(ctx context.Context, e *env, st *graph.Store, r result) {
	switch {
	case errors.Is(r.err, errUnchanged):
		s.skipped++
		return
	case r.err != nil:
		s.failed++
		fmt.Fprintf(e.stderr, "seckg: ingest: %s: %v\n", r.in.path, r.err)
		return
	}
	s.pending = append(s.pending, r)
	s.bytes += len(r.in.raw)
	if len(s.pending) >= batchDocs || s.bytes >= batchBytes {
		s.flush(ctx, e, st)
	}
}

// flush writes the pending documents.
func (s *ingestStats) flush(ctx context.Context, e *env, st *graph.Store) {
	if len(s.pending) == 0 {
		return
	}
	xs := make([]seckg.Extraction, len(s.pending))
	for i, r := range s.pending {
		xs[i] = r.x
	}
	if err := st.WriteDocuments(ctx, xs); err == nil {
		for _, r := range s.pending {
			s.stored(r)
		}
	} else {
		for _, r := range s.pending {
			if err := st.WriteDocument(ctx, r.x); err != nil {
				s.failed++
				fmt.Fprintf(e.stderr, "seckg: ingest: %s: %v\n", r.in.path, err)
				continue
			}
			s.stored(r)
		}
	}
	clear(s.pending)
	s.pending, s.bytes = s.pending[:0], 0
}

func (s *ingestStats) stored(r result) {
	s.docs++
	s.entities += len(r.x.Entities)
	s.relations += len(r.x.Relations)
}

func (s *ingestStats) finish(ctx context.Context, e *env, st *graph.Store, t0 time.Time) error {
	s.flush(ctx, e, st)
	total, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ingested %d documents (%d unchanged, %d failed) in %.1fs: %d entity and %d relation mentions; the store holds %d documents, %d entities, %d relations\n",
		s.docs, s.skipped, s.failed, time.Since(t0).Seconds(), s.entities, s.relations, total.Documents, total.Entities, total.Relations)
	if ctx.Err() != nil {
		return fmt.Errorf("ingest: interrupted: %w", ctx.Err())
	}
	if s.failed > 0 {
		fmt.Fprintf(e.stderr, "seckg: ingest: %d of %d inputs failed\n", s.failed, s.docs+s.skipped+s.failed)
		return errFailed
	}
	return nil
}

// collect lists the files to read: each file argument as given, and the
// .txt files under each folder, sorted. Paths that do not exist or cannot
// be walked are returned as errors naming them.
func collect(args []string) (files []string, bad []error) {
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			bad = append(bad, pathError(a, err))
			continue
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, pathError(p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".txt") {
				return nil
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			bad = append(bad, pathError(a, err))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

// pathError phrases a file-system error as "PATH: reason".
func pathError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// uniqueID derives a document id from a file name, made unique within one
// run by a numeric suffix.
func uniqueID(seen map[seckg.DocID]string, path string) seckg.DocID {
	base := docID(path)
	id := base
	for n := 2; ; n++ {
		if _, dup := seen[id]; !dup {
			break
		}
		id = seckg.DocID(fmt.Sprintf("%s-%d", base, n))
	}
	seen[id] = path
	return id
}

// docID is the file's base name without its extension, with any character
// seckg.ValidDocID refuses replaced by '-'.
func docID(path string) seckg.DocID {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	id := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, name)
	id = strings.TrimLeft(id, ".")
	if len(id) > 180 {
		id = id[:180]
	}
	if id == "" {
		id = "doc"
	}
	return seckg.DocID(id)
}

// split reads path and hands it on whole, or, when it is larger than
// partSize, in parts cut at line ends, each a document of its own. It never
// holds more than one part of the file in memory.
func split(path string, id seckg.DocID, emit func(input)) error {
	// Stat before opening: opening a named pipe blocks until a writer comes.
	if info, err := os.Stat(path); err != nil {
		return pathError(path, err)
	} else if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return pathError(path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return pathError(path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	if info.Size() <= partSize {
		raw, err := io.ReadAll(f)
		if err != nil {
			return pathError(path, err)
		}
		emit(input{path: path, id: id, raw: raw})
		return nil
	}
	r := bufio.NewReaderSize(f, 1<<16)
	var carry []byte
	for n := 1; ; n++ {
		buf := make([]byte, 0, partSize+len(carry))
		buf = append(buf, carry...)
		chunk := make([]byte, partSize-len(carry))
		k, err := io.ReadFull(r, chunk)
		buf = append(buf, chunk[:k]...)
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return pathError(path, err)
		}
		carry = nil
		if !eof {
			if i := cutAt(buf); i > 0 {
				carry = append([]byte(nil), buf[i:]...)
				buf = buf[:i]
			}
		}
		if len(buf) > 0 {
			emit(input{path: fmt.Sprintf("%s (part %d)", path, n), id: seckg.DocID(fmt.Sprintf("%s.part%04d", id, n)), raw: buf, part: true})
		}
		if eof {
			return nil
		}
	}
}

// cutAt returns where to end a part of buf: after its last line end; in a
// line longer than a part, after the last byte below 0x30 (space, ASCII
// punctuation: never inside a GB18030 or Big5 character) in the last 64
// KiB; else at the last UTF-8 character start. 0 means no cut.
func cutAt(buf []byte) int {
	if i := bytes.LastIndexByte(buf, '\n'); i > 0 {
		return i + 1
	}
	for i := len(buf) - 1; i > 0 && i >= len(buf)-64<<10; i-- {
		if buf[i] < 0x30 {
			return i + 1
		}
	}
	for i := len(buf) - 1; i > 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			return i
		}
	}
	return 0
}
