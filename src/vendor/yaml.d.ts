// Types of src/vendor/yaml.js: those of the yaml package it is bundled from.
export * from "yaml";
