// The login page: sends the token once, in a POST body (never in a URL), and lets the server set
// the session cookie (HttpOnly) and the CSRF cookie. Nothing is stored by the page itself.
'use strict';

(function () {
  async function login(ev) {
    ev.preventDefault();
    const input = document.getElementById('token');
    const out = document.getElementById('login-error');
    out.textContent = '';
    const token = input.value.trim();
    input.value = '';
    const r = await fetch('/api/v1/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
      cache: 'no-store'
    });
    if (r.ok) {
      location.replace('/');
      return;
    }
    const json = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    out.textContent = 'refused: ' + json.error;
  }

  document.getElementById('login-form').addEventListener('submit', ev => {
    login(ev).catch(e => { document.getElementById('login-error').textContent = 'failed: ' + e.message; });
  });
})();
