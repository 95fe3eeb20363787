package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

func (s *server) documents(c *gin.Context) {
	ctx, cancel := s.readCtx(c)
	defer cancel()
	docs, err := s.cfg.Store.Documents(ctx)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if docs == nil {
		docs = []seckg.Document{}
	}
	c.JSON(http.StatusOK, gin.H{"items": docs})
}

func (s *server) document(c *gin.Context) {
	id, err := docID("id", c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	d, err := s.cfg.Store.Document(ctx, id)
	if err != nil {
		s.writeError(c, notFoundAs(err, "no document "+string(id)))
		return
	}
	if d.Entities == nil {
		d.Entities = []seckg.Entity{}
	}
	if d.Relations == nil {
		d.Relations = []seckg.Relation{}
	}
	c.JSON(http.StatusOK, d)
}

// postedDocument is the answer to POST /documents.
type postedDocument struct {
	ID        seckg.DocID    `json:"id"`
	Document  seckg.Document `json:"document"`
	Entities  int            `json:"entities"`
	Relations int            `json:"relations"`
}

// postDocument ingests a text body or the multipart field "file": the raw
// bytes go to the extractor, which decodes them, and the extraction
// replaces what the store held for that document id.
func (s *server) postDocument(c *gin.Context) {
	if s.cfg.Extractor == nil {
		s.writeError(c, errors.New("api: post document: no extractor configured"))
		return
	}
	raw, name, err := readUpload(c.Request)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if len(raw) == 0 {
		s.writeError(c, invalid("the document is empty"))
		return
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	var id seckg.DocID
	switch v, ok := c.GetQuery("id"); {
	case ok:
		if id, err = docID("id", v); err != nil {
			s.writeError(c, err)
			return
		}
	case name != "":
		id = docIDFromName(name)
	}
	if id == "" {
		id = seckg.DocID("doc-" + hash[:16])
	}

	ctx := c.Request.Context()
	x, err := s.cfg.Extractor.Extract(ctx, id, raw)
	if err != nil {
		s.writeError(c, fmt.Errorf("api: extract %s: %w", id, err))
		return
	}
	x.Doc.ID = id
	if x.Doc.Hash == "" {
		x.Doc.Hash = hash
	}
	if x.Doc.Source == "" && name != "" {
		x.Doc.Source = baseName(name)
	}
	if err := s.cfg.Store.WriteDocument(ctx, x); err != nil {
		s.writeError(c, fmt.Errorf("api: write document %s: %w", id, err))
		return
	}
	c.Header("Location", "/api/v1/documents/"+url.PathEscape(string(id)))
	c.JSON(http.StatusCreated, postedDocument{ID: id, Document: x.Doc, Entities: len(x.Entities), Relations: len(x.Relations)})
}

// readUpload returns the posted bytes and, for a multipart upload, the
// file name it carried.
func readUpload(r *http.Request) (raw []byte, name string, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		raw, err = io.ReadAll(r.Body)
		return raw, "", err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", invalid("the multipart body is not valid: " + err.Error())
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", invalid("file is required: the multipart body has no field named file")
		}
		if err != nil {
			if isMaxBytes(err) {
				return nil, "", err
			}
			return nil, "", invalid("the multipart body is not valid: " + err.Error())
		}
		if p.FormName() != "file" {
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, "", err
			}
			continue
		}
		raw, err = io.ReadAll(p)
		if err != nil {
			if isMaxBytes(err) {
				return nil, "", err
			}
			return nil, "", invalid("the multipart body is not valid: " + err.Error())
		}
		return raw, p.FileName(), nil
	}
}

// baseName is the last element of a client-side file name, whichever
// separator the client used.
func baseName(name string) string {
	return path.Base(strings.ReplaceAll(name, `\`, "/"))
}

// docIDFromName derives a document id from a file name: the base name
// without its extension, characters a DocID may not hold replaced by '-'.
// It returns "" if nothing usable is left.
func docIDFromName(name string) seckg.DocID {
	base := baseName(name)
	base = strings.TrimSuffix(base, path.Ext(base))
	var b strings.Builder
	dash := false
	for _, r := range base {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-'
		if !ok {
			r = '-'
		}
		if r == '-' && dash {
			continue
		}
		dash = r == '-'
		if b.Len()+utf8.RuneLen(r) > 200 {
			break
		}
		b.WriteRune(r)
	}
	id := seckg.DocID(strings.Trim(strings.TrimLeft(b.String(), "."), "-"))
	if !seckg.ValidDocID(id) {
		return ""
	}
	return id
}

func (s *server) deleteDocument(c *gin.Context) {
	id, err := docID("id", c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.cfg.Store.DeleteDocument(c.Request.Context(), id); err != nil {
		s.writeError(c, notFoundAs(err, "no document "+string(id)))
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id, "deleted": true})
}
