"use client";

// The last resort, when even the root layout fails. It replaces the whole document, so it carries its own html.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100vh", margin: 0 }}>
        <main role="alert" style={{ textAlign: "center", padding: 24 }}>
          <h1 style={{ fontSize: 18 }}>Latchkey is temporarily unavailable</h1>
          <p style={{ color: "#52525b", fontSize: 14 }}>Nothing was changed. Please try again in a moment.</p>
          <button
            type="button"
            onClick={reset}
            style={{ marginTop: 16, padding: "8px 16px", borderRadius: 6, border: "1px solid #d4d4d8", background: "white" }}
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
