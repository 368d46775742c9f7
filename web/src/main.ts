import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { makeRouter } from './router';
import { i18n, currentLocale } from './locales';
// Element Plus: components come on demand (unplugin-vue-components); the CSS of the
// services used from script (message, message box, loading) and the theme variables here.
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/loading/style/css';
import 'element-plus/es/components/notification/style/css';
import './styles/main.css';

document.documentElement.setAttribute('lang', currentLocale());
const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(makeRouter());
app.mount('#app');
