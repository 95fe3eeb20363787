package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"
)

var pathParam = regexp.MustCompile(`:(\w+)`)

var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

// spec loads and validates the served OpenAPI document once.
func spec(tb testing.TB) (*openapi3.T, routers.Router) {
	tb.Helper()
	specOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder("application/xml", openapi3filter.PlainBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/n-quads", openapi3filter.PlainBodyDecoder)
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(OpenAPI())
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		specRouter, specErr = gorillamux.NewRouter(specDoc)
	})
	if specErr != nil {
		tb.Fatalf("OpenAPI document: %v", specErr)
	}
	return specDoc, specRouter
}

// validateResponse checks rec, the answer to req, against the OpenAPI
// document and returns "METHOD /path status" of the operation it matched.
func validateResponse(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) string {
	t.Helper()
	return validateAnswer(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
}

// validateAnswer checks an answer of status, header and body to req
// against the OpenAPI document and returns "METHOD /path" of the
// operation it matched.
func validateAnswer(t *testing.T, req *http.Request, status int, header http.Header, body []byte) string {
	t.Helper()
	_, router := spec(t)
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL, err)
		return ""
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(t.Context(), in); err != nil {
		t.Errorf("%s %s: answer %d does not match the OpenAPI document: %v\nbody: %.300s", req.Method, req.URL, status, err, body)
	}
	return req.Method + " " + route.Path
}

// specOperations lists "METHOD /path" of every operation in the document.
func specOperations(t *testing.T) []string {
	doc, _ := spec(t)
	var ops []string
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			ops = append(ops, m+" "+p)
		}
	}
	sort.Strings(ops)
	return ops
}

func TestOpenAPIDocument(t *testing.T) {
	doc, _ := spec(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	h := New(testConfig(newFakeStore()))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), openAPIDoc) {
		t.Errorf("GET /openapi.json = %d, %d bytes; want 200 and the embedded document", rec.Code, rec.Body.Len())
	}
	// Every route of the router is documented and the other way round.
	var routes []string
	for _, r := range New(testConfig(newFakeStore())).(interface{ Routes() gin.RoutesInfo }).Routes() {
		p := strings.TrimPrefix(r.Path, "/api/v1")
		p = pathParam.ReplaceAllString(p, "{$1}")
		routes = append(routes, r.Method+" "+p)
	}
	sort.Strings(routes)
	if diff := cmp.Diff(specOperations(t), routes); diff != "" {
		t.Errorf("documented operations (-) differ from routes (+):\n%s", diff)
	}
}
