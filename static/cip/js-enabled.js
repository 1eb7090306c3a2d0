// Runs before the body renders, as GOV.UK Frontend expects; kept external for the CSP.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
