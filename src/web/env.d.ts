// Vite's types for the page's code: import.meta.glob, ?raw and ?url imports, CSS imports.
/// <reference types="vite/client" />
