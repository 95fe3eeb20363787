// Package seckg holds the domain of the security knowledge graph: the
// entities, relations and evidence that extract produces, graph stores and
// api serves. It imports nothing but the standard library, so every other
// package of the module can depend on it.
package seckg

import (
	"errors"
	"unicode"
)

// EntityID is the stable identifier of an entity: a gazetteer id such as
// "cica" or "xi-jinping", or, for an entity found outside the gazetteer, a
// lower-case type prefix and its canonical name ("concept:亚洲安全观").
// The same real-world thing gets the same id in every document, which is
// how the graph merges documents.
type EntityID string

// DocID identifies an ingested document: by default the file name without
// its extension ("cica-security-cooperation-2015"). It is safe in paths and
// IRIs (see ValidDocID).
type DocID string

// NodeType is the type of an entity, spelled as in ONTOLOGY.md.
type NodeType string

// The node types of ONTOLOGY.md.
const (
	Organization NodeType = "Organization"
	Event        NodeType = "Event"
	DocumentType NodeType = "Document"
	Principle    NodeType = "Principle"
	Concept      NodeType = "Concept"
	Person       NodeType = "Person"
	Country      NodeType = "Country"
	Place        NodeType = "Place"
)

// NodeTypes lists every node type in a fixed order (for legends and stats).
var NodeTypes = []NodeType{Organization, Event, DocumentType, Principle, Concept, Person, Country, Place}

// Valid reports whether t is one of NodeTypes.
func (t NodeType) Valid() bool {
	for _, x := range NodeTypes {
		if t == x {
			return true
		}
	}
	return false
}

// Predicate is the type of a directed edge, spelled as in ONTOLOGY.md.
type Predicate string

// The predicates of ONTOLOGY.md.
const (
	ProposedBy  Predicate = "proposed-by"
	AdoptedAt   Predicate = "adopted-at"
	EvolvedInto Predicate = "evolved-into"
	PartOf      Predicate = "part-of"
	MemberOf    Predicate = "member-of"
	HeldIn      Predicate = "held-in"
	SignedBy    Predicate = "signed-by"
	ChairedBy   Predicate = "chaired-by"
	BasedOn     Predicate = "based-on"
)

// Predicates lists every predicate in a fixed order.
var Predicates = []Predicate{ProposedBy, AdoptedAt, EvolvedInto, PartOf, MemberOf, HeldIn, SignedBy, ChairedBy, BasedOn}

// Valid reports whether p is one of Predicates.
func (p Predicate) Valid() bool {
	for _, x := range Predicates {
		if p == x {
			return true
		}
	}
	return false
}

// Attribute keys an Entity may carry in Attrs.
const (
	AttrDate     = "date"     // ISO 8601 at the precision the text gives: 2014, 2014-05, 2014-05-21
	AttrPlace    = "place"    // EntityID of the Place or Country an Event was held in
	AttrNumber   = "number"   // ordinal of a meeting in its series ("4" for 第四次峰会)
	AttrSeries   = "series"   // EntityID of the Organization a meeting belongs to
	AttrLocation = "location" // EntityID of where a body sits
)

// Entity is a node of the graph.
type Entity struct {
	ID      EntityID          `json:"id"`
	Type    NodeType          `json:"type"`
	Name    string            `json:"name"`              // canonical name, Simplified Chinese
	NameEN  string            `json:"name_en,omitempty"` // English name, if known
	Aliases []string          `json:"aliases,omitempty"` // other surface forms: short forms, Traditional, English, Russian
	Attrs   map[string]string `json:"attributes,omitempty"`
	// Docs lists the documents that mention the entity. It is filled on
	// reads from the store; extraction leaves it empty.
	Docs []DocID `json:"docs,omitempty"`
}

// Evidence is where a relation is stated: the document, the sentence (as
// it stands in the normalised text) and the sentence's start as a
// character (rune) offset into the normalised document text.
type Evidence struct {
	Doc      DocID  `json:"doc"`
	Sentence string `json:"sentence"`
	Offset   int    `json:"offset"`
}

// Relation is a directed, typed edge with every piece of evidence that
// states it. One (Head, Predicate, Tail) is one Relation however often the
// texts state it.
type Relation struct {
	Head      EntityID   `json:"head"`
	Predicate Predicate  `json:"predicate"`
	Tail      EntityID   `json:"tail"`
	Evidence  []Evidence `json:"evidence,omitempty"`
}

// Key is the relation's identity, "head predicate tail", used as an edge id.
func (r Relation) Key() string {
	return string(r.Head) + " " + string(r.Predicate) + " " + string(r.Tail)
}

// Document is one ingested text.
type Document struct {
	ID     DocID  `json:"id"`
	Title  string `json:"title,omitempty"`  // first heading or line of the text
	Source string `json:"source,omitempty"` // file name it was read from (base name only)
	Date   string `json:"date,omitempty"`   // publication date if the text gives one
	Hash   string `json:"hash,omitempty"`   // hex SHA-256 of the raw bytes, to skip unchanged files
	Chars  int    `json:"chars,omitempty"`  // length of the normalised text in runes
}

// Extraction is everything drawn from one document. graph writes it in one
// transaction, replacing whatever that document stated before.
type Extraction struct {
	Doc       Document   `json:"document"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// Subgraph is a fragment of the graph: nodes and the edges among them.
type Subgraph struct {
	Nodes []Entity   `json:"nodes"`
	Edges []Relation `json:"edges"`
}

// Path is one path between two entities: Nodes[i] and Nodes[i+1] are
// joined by Edges[i], which may point either way.
type Path struct {
	Nodes []Entity   `json:"nodes"`
	Edges []Relation `json:"edges"`
}

// TimelineItem is a dated entity (an Event or a Document) with the
// relations that link it to others (what an event adopted, where it was
// held, what it belongs to).
type TimelineItem struct {
	Date      string     `json:"date"`
	Entity    Entity     `json:"entity"`
	Relations []Relation `json:"relations,omitempty"`
}

// Stats counts what the graph holds.
type Stats struct {
	Documents   int               `json:"documents"`
	Entities    int               `json:"entities"`
	Relations   int               `json:"relations"`
	Quads       int               `json:"quads"`
	ByType      map[NodeType]int  `json:"by_type"`
	ByPredicate map[Predicate]int `json:"by_predicate"`
}

// Direction selects edges by their orientation relative to an entity.
type Direction string

// The directions a neighbourhood can follow.
const (
	Out  Direction = "out"
	In   Direction = "in"
	Both Direction = "both"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrNotFound is returned when an entity, document or path does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid is returned for bad input: a parameter, a file, a query.
	ErrInvalid = errors.New("invalid")
	// ErrConflict is returned when a write collides with the stored state.
	ErrConflict = errors.New("conflict")
	// ErrTooLarge is returned when a request or result exceeds a limit.
	ErrTooLarge = errors.New("too large")
)

// Error is an error whose Msg may be shown to the user as is.
type Error struct {
	Kind error  // ErrInvalid, ErrNotFound, ...
	Msg  string // e.g. "depth must be between 1 and 3"
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// Errorf returns an *Error of the given kind.
func Errorf(kind error, msg string) error { return &Error{Kind: kind, Msg: msg} }

// ValidDocID reports whether id can name a document: 1 to 200 bytes of
// letters, digits, '-', '_' and '.', not starting with '.', so that it can
// never escape a folder or break an IRI.
func ValidDocID(id DocID) bool {
	s := string(id)
	if s == "" || len(s) > 200 || s[0] == '.' {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

// NeighborQuery selects a neighbourhood. Zero values mean: both
// directions, every predicate and type, depth 1, the reader's default limit.
type NeighborQuery struct {
	Direction  Direction
	Predicates []Predicate
	Types      []NodeType
	Depth      int // 1 to 3
	Limit      int // most nodes returned
}

// SearchQuery is a ranked name search: exact, then prefix, then substring
// matches over names, English names and aliases. Cursor is opaque: the
// NextCursor of the previous page, or "" for the first.
type SearchQuery struct {
	Q      string
	Type   NodeType
	Limit  int
	Cursor string
}

// SearchResult is one page of a search.
type SearchResult struct {
	Items      []Entity `json:"items"`
	Total      int      `json:"total"`
	NextCursor string   `json:"next_cursor,omitempty"`
}

// EntityDetail is an entity with every relation that touches it, each with
// its evidence, and brief forms of the entities at their other ends.
type EntityDetail struct {
	Entity    Entity              `json:"entity"`
	Relations []Relation          `json:"relations"`
	Others    map[EntityID]Entity `json:"others"` // the far ends of Relations, without Docs
}

// DocumentDetail is a document's metadata and what was drawn from it.
type DocumentDetail struct {
	Document  Document   `json:"document"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// Filter narrows an export or a subgraph. Empty fields select everything.
// Since and Until compare with an entity's date attribute as strings
// (ISO 8601 sorts as text); undated entities pass a date filter only when
// an edge joins them to a dated entity that passes.
type Filter struct {
	Types      []NodeType
	Predicates []Predicate
	Doc        DocID
	Since      string
	Until      string
}
