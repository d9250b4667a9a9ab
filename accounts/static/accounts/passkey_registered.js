// After django-otp-webauthn registers a passkey, go on to the next step (recovery codes, or the
// account page again). The library announces it with an event on its button.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const after = event.target.dataset.accountsAfter;
  window.location.assign(after || window.location.href);
});
