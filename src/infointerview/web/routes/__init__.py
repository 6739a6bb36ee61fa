"""One router per page group; each route calls services and renders one template."""
