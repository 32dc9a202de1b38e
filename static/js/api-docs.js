// The API documentation page (/api/v1/docs): Swagger UI with the settings the page carries in
// a JSON block, so no inline script is needed (Content Security Policy).
document.addEventListener("DOMContentLoaded", () => {
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  window.SwaggerUIBundle(settings);
});
