// Runs before the page paints so components are styled for JavaScript from the start.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
