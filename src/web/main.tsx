// The playground page's entry: mounts the app.

import { render } from "preact";
import { App } from "./ui/app.tsx";
import "./ui/style.css";

render(<App />, document.getElementById("app")!);
