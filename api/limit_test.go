package api

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// chunked hides a body's length so that only http.MaxBytesReader can stop it.
type chunked struct{ io.Reader }

func TestBodyLimitUnknownLength(t *testing.T) {
	cfg := testConfig(newFakeStore())
	cfg.MaxBody = 1 << 10
	h := New(cfg)
	for _, tt := range []struct {
		name, target, body, ctype string
	}{
		{"text", "/api/v1/documents", strings.Repeat("亚", 1<<10), "text/plain"},
		{"multipart", "/api/v1/documents", "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n" + strings.Repeat("x", 2<<10) + "\r\n--zz--\r\n", "multipart/form-data; boundary=zz"},
		{"query", "/api/v1/query", `{"lang":"gizmo","query":"` + strings.Repeat("x", 2<<10) + `"}`, "application/json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, tt.target, chunked{strings.NewReader(tt.body)})
			req.ContentLength = -1
			req.Header.Set("Content-Type", tt.ctype)
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec, _ := serve(t, h, req)
			if rec.Code != http.StatusRequestEntityTooLarge || errorOf(t, rec).Code != "too_large" {
				t.Errorf("POST %s of unknown length = %d %s, want 413 too_large", tt.target, rec.Code, rec.Body)
			}
		})
	}
}

// TestOversizedUpload sends a body over the limit on a real connection, as
// a client that keeps writing would, and expects the 413 answer.
func TestOversizedUpload(t *testing.T) {
	cfg := testConfig(newFakeStore())
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const size = 11 << 20
	fmt.Fprintf(conn, "POST /api/v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nAuthorization: Bearer %s\r\n\r\n", size, testToken)
	go func() {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := conn.Write(chunk); err != nil {
				return // the server stopped reading
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer to an oversized POST: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"too_large"`) {
		t.Errorf("oversized POST = %d %s, want 413 too_large", resp.StatusCode, body)
	}
}
