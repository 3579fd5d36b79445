import 'bc-customer-elements/define';
import { mount } from 'svelte';
import App from './app.svelte';
import '../../shared/demo-app.css';

mount(App, { target: document.getElementById('app')! });
