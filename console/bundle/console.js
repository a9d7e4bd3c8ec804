"use strict";(()=>{var C,Ve,Rn,F,_e,re,He,Z,Oe,fe,me,Mn,j=Symbol.for("pv"),oe={},se=[],Un=/^m(i|n|o|s|text|space)$/,ye=Array.isArray,Be=se.slice,O=Object.assign;function H(e){e&&e.parentNode&&e.remove()}function ee(e,n,t,s,o){var i={type:e,props:n,key:t,ref:s,__k:null,__:null,__b:0,__e:null,__c:null,constructor:j,__v:o||++Ve,__i:-1,__u:0};return!o&&C.vnode&&C.vnode(i),i}function A(e){return e.children}function ne(e,n){this.props=e,this.context=n,this.__g=0}function R(e,n){if(n==null)return e.__&&R(e.__,e.__i+1);for(var t;n<e.__k.length;n++)if((t=e.__k[n])&&t.__e)return t.__e;return typeof e.type!="function"||e.props.__P?null:R(e)}function $n(e){var n,t=e.__v,s=t.__e,o=[],i=[],d=e.__P;d&&((n=O({constructor:j},t)).__v=t.__v+1,C.vnode&&C.vnode(n),he(d,n,t,e.__n,d.namespaceURI,32&t.__u?[s]:null,o,s||R(t),32&t.__u,i),n.__v=t.__v,n.__.__k[n.__i]=n,Ye(o,n,i),t.__=t.__e=null,n.__e!=s&&Qe(n))}function Qe(e){if((e=e.__)&&e.__c&&!e.props.__P)return e.__e=null,e.__k.some(function(n){return n&&(e.__e=n.__e)}),Qe(e)}function $e(e){(8&e.__g||(e.__g|=8,F.push(e),re++))&&_e==C.debounceRendering||((_e=C.debounceRendering)||queueMicrotask)(Ke)}function Ke(){try{for(var e,n=1;F.length;)F.length>n&&F.sort(He),e=F.shift(),n=F.length,8&e.__g&&$n(e)}finally{(re=F.length)&&(_e||queueMicrotask)(Ke)}}function je(e,n,t,s,o,i,d,l,p,_,u){var c,g,a,y,h,m,f=s.__k||se,v=n.length;for(p=Ln(t,n,f,p,v),c=0;c<v;c++)(a=t.__k[c])!=null&&(g=~a.__i&&f[a.__i]||oe,a.__i=c,m=he(e,a,g,o,i,d,l,p,_,u),y=a.__e,(g.ref!=a.ref||8&g.__u)&&(g.ref&&ve(g.ref,null,a,g),a.ref&&u.push(a.ref,a.__c||y,a)),h=h||y,4&a.__u?(p=qe(a,p,e,!g.__v),g.__e&&(g.__e=null)):typeof a.type=="function"&&m!==void 0?p=m:y&&(p=y.nextSibling),a.__u&=-21);return t.__e=h,p}function Ln(e,n,t,s,o){var i,d,l,p,_,u,c,g,a,y=t.length,h=y,m=0,f=0,v=e.__k=Array(o);for(i=0;i<o;i++)(d=n[i])!=null&&typeof d!="boolean"&&typeof d!="function"?(typeof d!="object"||d.constructor===String?d=v[i]=ee(null,d):ye(d)?d=v[i]=ee(A,{children:d}):d.constructor===j&&d.__b?d=v[i]=ee(d.type,d.props,d.key,d.ref,d.__v):v[i]=d,p=i+m,d.__=e,d.__b=e.__b+1,l=null,~(_=d.__i=Vn(d,t,p,h))&&(h--,(l=t[_])&&(l.__u|=2)),l&&l.__v?(d.__u|=16,_==p-1?m--:_==p+1?m++:_!=p&&(_>p?m--:m++,f=1)):(~_||(o>y?m--:o<y&&m++),typeof d.type!="function"&&(d.__u|=4))):v[i]=null;if(f){for(u=[],c=[],i=0;i<o;i++)if((d=v[i])&&16&d.__u){for(m=0,g=u.length;m<g;)u[a=m+g>>1]<d.__i?m=a+1:g=a;u[m]=d.__i,c[i]=m+1}for(m=u.length;i--;)c[i]&&(c[i]==m?m--:v[i].__u|=4)}if(h)for(i=0;i<y;i++)!(l=t[i])||2&l.__u||(l.__e==s&&(s=R(l)),Ce(l,l));return s}function qe(e,n,t,s){var o,i,d,l;if(typeof e.type=="function"){if(e.props.__P)return n;if(o=e.__k)for(i=0;i<o.length;i++)o[i]&&(o[i].__=e,n=qe(o[i],n,t,!1));return n}for(n&&!n.parentNode&&(n=R(e))&&!n.parentNode&&(n=null),d=e.__e,l=n;l&&l.nodeType==8;)l=l.nextSibling;for(d!=l&&(!s&&t.moveBefore&&d.parentNode?t.moveBefore(d,n):t.insertBefore(d,n||null)),n=d;(n=n&&n.nextSibling)&&n.nodeType==8&&!n.data.startsWith("$s"););return n}function Vn(e,n,t,s){var o,i=e.key,d=e.type,l=n[t],p=l&&!(2&l.__u);if(l===null&&i==null||p&&i==l.key&&d==l.type)return t;if(s>(p?1:0)){for(o=t-1;o>=0;o--)if((l=n[o])&&!(2&l.__u)&&i==l.key&&d==l.type)return o;for(o=t+1;o<n.length;o++)if((l=n[o])&&!(2&l.__u)&&i==l.key&&d==l.type)return o}return-1}function Le(e,n,t){t==null&&(t=""),n[0]=="-"?e.setProperty(n,t):e[n]=t}function J(e,n,t,s,o){var i,d;if(n=="style")if(typeof t=="string")e.style.cssText=t;else{if(typeof s=="string"&&(e.style.cssText=s=""),s)for(n in s)t&&n in t||Le(e.style,n);if(t)for(n in t)s&&t[n]==s[n]||Le(e.style,n,t[n])}else if(n[0]=="o"&&n[1]=="n")typeof t!="function"&&(t=null),typeof s!="function"&&(s=null),(e.__e||(e.__e={}))[n]=t,t&&s||(d=me[n]||(me[n]=Hn(n)),(e.__a||(e.__a={}))[n]=fe,i=n!=(n=n.replace(Oe,"$1")),(n=n.slice(2))[0]<"a"&&(n=n.toLowerCase()),t?e.addEventListener(n,d,i):e.removeEventListener(n,d,i));else{if(o=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{return void(e[n]=t??"")}catch{}if(typeof t=="function")return;t==null||t===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&t==1?"":t)}}function Hn(e){return function(n){var t=this.__e;if(t){if(t=t[e],n[Z]==null)n[Z]=fe++;else if(n[Z]<this.__a[e])return;return t(C.event?C.event(n):n)}}}function he(e,n,t,s,o,i,d,l,p,_){var u,c,g,a,y,h,m,f,v,E,b,ge,Me,z,L,Ue,I,V,N=n.type;if(n.constructor!==j)return null;128&t.__u&&(p=32&t.__u,u=t.__c.__z)&&(n.__u|=p,c=i=[],u.nodeType==8?l=te(u,i):i.push(u),l=i[0]||l),(u=C.__b)&&u(n);e:if(typeof N=="function"){g=d.length;try{if(f=n.props,v=(u=N.prototype)&&u.render,E=(u=N.contextType)&&s[u.__c],b=u?E?E.props.value:u.__:s,(a=t.__c)?(n.__c=a,2&a.__g&&(a.__g|=1)):(v?n.__c=a=new N(f,b):(n.__c=a=new ne(f,b),a.constructor=N,a.render=Bn),E&&E.sub(a),a.state||(a.state={}),a.__n=s,a.__g|=8,a.__h=[],a.__k=[]),v&&(a.__s||(a.__s=a.state),N.getDerivedStateFromProps&&(a.__s==a.state&&(a.__s=O({},a.__s)),O(a.__s,N.getDerivedStateFromProps(f,a.__s)))),y=a.props,h=a.state,a.__v=n,t.__c){if(f!==y&&v&&!N.getDerivedStateFromProps&&a.componentWillReceiveProps&&a.componentWillReceiveProps(f,b),n.__v==t.__v&&!(8&a.__g)||!(4&a.__g)&&a.shouldComponentUpdate&&a.shouldComponentUpdate(f,a.__s,b)===!1){n.__v!=t.__v&&(a.props=f,a.state=a.__s,a.__g&=-9),n.__e=t.__e,n.__k=t.__k,n.__k.some(function(w){w&&(w.__=n)}),se.push.apply(a.__h,a.__k),a.__k=[],a.__h.length&&d.push(a),l=R(t);break e}a.componentWillUpdate&&a.componentWillUpdate(f,a.__s,b),v&&a.componentDidUpdate&&a.__h.push(function(){a.componentDidUpdate(y,h,m)})}else v&&!N.getDerivedStateFromProps&&a.componentWillMount&&a.componentWillMount(),v&&a.componentDidMount&&a.__h.push(a.componentDidMount);a.context=b,a.props=f,a.__P=e,a.__g&=-5,ge=C.__r,Me=v?25:0;do a.__g&=-9,ge&&ge(n),u=a.render(a.props,a.state=a.__s,a.context);while(8&a.__g&&++Me<25);v&&(se.push.apply(a.__h,a.__k),a.__k=[]),a.state=a.__s,a.getChildContext&&(s=O({},s,a.getChildContext())),v&&t.__c&&a.getSnapshotBeforeUpdate&&(m=a.getSnapshotBeforeUpdate(y,h)),z=u&&u.type===A&&u.key==null?u.props.children:u,f.__P&&(u=l,o=(e=f.__P).namespaceURI,p=i=null,t.props&&t.props.__P!=e&&(t.__k.some(function(w){w&&Ce(w,w)}),t.__k=null),l=t.__k?R(t,0):null),l=je(e,ye(z)?z:[z],n,t,s,o,i,d,l,p,_),f.__P&&(n.__e=null,l=u),n.__u&=-161,c&&c.some(H),a.__h.length&&d.push(a),1&a.__g&&(a.__g&=-4)}catch(w){if(d.length=g,n.__v=null,p||i)if(w&&w.then){if(n.__u|=128|p,i){for(~(I=i.indexOf(l||void 0))||(I=i.length);(V=i[I-1])&&V.nodeType==8;)I--;for(;I<i.length;I++)if(V=i[I])if(i[I]=null,L){if(V==Ue)break}else{if(V.nodeType!=8)break;V.data.startsWith("$s")&&(Ue=te(L=V))}}if(!L){for(;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;L=l}(u=te(L=n.__c.__z||(n.__c.__z=L)))?(n.__e=L,l=u):n.__e=l,l=l&&l.nextSibling}else i&&i.some(H);else n.__e=t.__e;n.__k||(n.__k=t.__k||[]),w&&w.then||We(n),C.__e(w,n,t)}}else l=n.__e=On(t.__e,n,t,s,o,i,d,p,_,e);return(u=C.diffed)&&u(n),l}function te(e,n){if(e&&e.nodeType==8&&e.data.startsWith("$s"))for(var t=1;e=e.nextSibling;){if(e.nodeType==8){if(e.data.startsWith("$s"))t++;else if(e.data.startsWith("/$s")&&!--t)return e}n&&n.push(e)}}function We(e){e&&(e.__c&&(e.__c.__g|=4),e.__k&&e.__k.some(We))}function Ye(e,n,t){for(var s=0;s<t.length;)ve(t[s++],t[s++],t[s++]);C.__c&&C.__c(n,e),e.some(function(o){try{e=o.__h,o.__h=[],e.some(function(i){i.call(o)})}catch(i){C.__e(i,o.__v)}})}function On(e,n,t,s,o,i,d,l,p,_){var u,c,g,a,y,h,m,f,v=t.props||oe,E=n.props,b=n.type;if(b=="svg"?o="http://www.w3.org/2000/svg":b=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),i){for(u=0;u<i.length;u++)if((y=i[u])&&(b?y.localName==b:y.nodeType==3)){e=y,i[u]=null;break}}if(!e){if(f=_.ownerDocument||document,!b)return f.createTextNode(E);e=f.createElementNS(o,b,E.is?E:_),l&&(C.__m&&C.__m(n,i),l=!1),i=null}if(b){if(_=b=="template"&&e.content||e,i=b=="textarea"&&E.defaultValue!=null?null:i&&Be.call(_.childNodes),!l&&i)for(v={},u=0;u<e.attributes.length;u++)v[(y=e.attributes[u]).name]=y.value;for(u in v)y=v[u],u=="dangerouslySetInnerHTML"?g=y:u=="children"||u in E||u=="value"&&"defaultValue"in E||u=="checked"&&"defaultChecked"in E||J(e,u,null,y,o);for(u in E)y=E[u],u=="children"?a=y:u=="dangerouslySetInnerHTML"?c=y:u=="value"?h=y:u=="checked"?m=y:l&&typeof y!="function"||v[u]===y||J(e,u,y,v[u],o);c?(l||g&&(c.__html==g.__html||c.__html==e.innerHTML)||(e.innerHTML=c.__html),n.__k=[]):(g&&(e.textContent=""),(b=="foreignObject"||o=="http://www.w3.org/1998/Math/MathML"&&Un.test(b))&&(o="http://www.w3.org/1999/xhtml"),je(_,ye(a)?a:[a],n,t,s,o,i,d,i?i[0]:t.__k&&R(t,0),l,p),i&&i.some(H)),l&&b!="textarea"||(u="value",b=="progress"&&h==null?e.removeAttribute(u):h==null||h===e[u]&&(b!="progress"||h)||J(e,u,h,v[u],o),u="checked",m!=null&&m!=e[u]&&J(e,u,m,v[u],o))}else v===E||l&&e.data==E||(e.data=E);return e}function ve(e,n,t,s){try{typeof e=="function"?n?n.__x=e(n)||1:s&&(s=s.__c||s.__e)&&(n=s.__x)&&(s.__x=null,typeof n=="function"?n():e(null)):e.current=n}catch(o){C.__e(o,t)}}function Ce(e,n,t){var s,o,i,d;if(C.unmount&&C.unmount(e),!(s=e.ref)||s.current&&s.current!=e.__e||ve(s,null,n,e),s=e.__c){if(s.componentWillUnmount)try{s.componentWillUnmount()}catch(l){C.__e(l,n)}s.__P=s.__n=null}if(s=e.__k)for(d=0;d<s.length;d++)s[d]&&Ce(s[d],n,typeof e.type!="function"||t&&!e.props.__P);!t&&(s=e.__c)&&(s=s.__z)&&(o=te(s,i=[]))&&(s==e.__e&&i.some(H),H(o),H(s)),t||H(e.__e),e.__e=e.__c=e.__=null}function Bn(e,n,t){return this.constructor(e,t)}function Ge(e,n){var t,s,o,i;C.__&&C.__(e,n),n.nodeType==9&&(n=n.documentElement),s=(t=e&&32&e.__u)?null:n.__k,n.__k=ee(A,{children:[e]}),o=[],i=[],he(n,n.__k,s||oe,oe,n.namespaceURI,s?null:n.firstChild?Be.call(n.childNodes):null,o,s?s.__e:n.firstChild,t,i),Ye(o,n.__k,i),n.__k.props.children=null}C={__e:function(e,n,t,s){for(var o,i,d;n=n.__;)if((o=n.__c)&&!(1&o.__g)){o.__g|=4;try{if((d=(i=o.constructor)&&i.getDerivedStateFromError)&&o.setState(i.getDerivedStateFromError(e)),o.componentDidCatch&&(o.componentDidCatch(e,s||{}),d=1),d&&8&o.__g)return void(o.__g|=2)}catch(l){e=l}}throw re=0,e}},Ve=0,Rn=function(e){return e!=null&&e.constructor===j},ne.prototype.setState=function(e,n){var t=this.__s;t&&t!=this.state||(t=this.__s=O({},this.state)),typeof e=="function"&&(e=e(O({},t),this.props)),e&&(O(t,e),this.__v&&(n&&this.__k.push(n),$e(this)))},ne.prototype.forceUpdate=function(e){this.__v&&(this.__g|=4,e&&this.__h.push(e),$e(this))},ne.prototype.render=A,F=[],re=0,He=function(e,n){return e.__v.__b-n.__v.__b},Z=Symbol(),Oe=/(PointerCapture)$|Capture$/i,fe=0,me={},Mn=0;var W,x,Se,Xe,be=Object.is,Y=0,sn=[],Pe=[],P=C,ze=P.__b,Je=P.__r,Ze=P.diffed,en=P.__c,nn=P.unmount,tn=P.__;function Ee(e,n){P.__h&&P.__h(x,e,Y||n),Y=0;var t=x.__H||(x.__H={__:[],__h:[]});return e>=t.__.length&&t.__.push({}),t.__[e]}function S(e){return Y=1,Qn(un,e)}function Qn(e,n,t){var s=Ee(W++,2);if(s.t=e,!s.__c&&(s.__=[t?t(n):un(void 0,n),function(i){var d=(s.__N||s.__)[0],l=s.t(d,i);be(d,l)||(s.__N=[l,s.__[1]],s.__c.setState({}))}],s.__c=x,!x.__f)){x.__f=!0;var o=x.shouldComponentUpdate;x.shouldComponentUpdate=function(i,d,l){var p=this.__H;if(!p)return!0;var _=!1,u=this.props!=i;if(p.__.some(function(g){g.__N&&(_=!0,be(g.__[0],g.__N[0])||(u=!0))}),o){var c=o.call(this,i,d,l);return _?c||u:c}return!_||u}}return s.__}function k(e,n){var t=Ee(W++,3);!P.__s&&dn(t.__H,n)&&(t.__P=!0,t.__=e,t.u=n,x.__H.__h.push(t))}function an(e){return Y=5,B(function(){return{current:e}},[])}function B(e,n){var t=Ee(W++,7);return dn(t.__H,n)&&(t.__=e(),t.__H=n),t.__}function ln(e,n){return Y=8,B(function(){return e},n)}function Kn(){var e;do{for(;e=Pe.shift();)try{q(e)}catch(t){P.__e(t,{__:(e=e.__P)&&e.__v})}for(;e=sn.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(q),n.__h.some(xe),n.__h=[]}catch(t){n.__h=[],P.__e(t,e.__v)}}}while(Pe.length)}P.__b=function(e){x=null,ze&&ze(e)},P.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),tn&&tn(e,n)},P.__r=function(e){Je&&Je(e),W=0;var n=(x=e.__c).__H;n&&(Se==x?x.__h=[]:(n.__h.some(q),n.__h.some(xe),W=0),n.__h=[],n.__.some(function(t){t.__N&&(t.__=t.__N),t.u=t.__N=void 0})),Se=x},P.diffed=function(e){Ze&&Ze(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&on(sn.push(n)),n.__H.__.some(function(t){t.u&&(t.__H=t.u)})),Se=x=null},P.__c=function(e,n){n.some(function(t){try{t.__h.some(q),t.__h=t.__h.filter(function(s){return!s.__||xe(s)})}catch(s){t.__h=[function(){throw s}]}}),en&&en(e,n)},P.unmount=function(e){nn&&nn(e);var n,t,s=e.__c;s&&s.__H&&(s.__H.__.some(function(o){try{if(o.__P&&o.__c){if(t===void 0){for(t=e.__;t&&(!t.__c||!t.__c.__P);)t=t.__;t=t&&t.__c}o.__P=t,on(Pe.push(o))}else q(o)}catch(i){n=i}}),s.__H=void 0,n&&P.__e(n,s.__v))};var rn=typeof requestAnimationFrame=="function";function jn(e){var n,t=function(){clearTimeout(s),rn&&cancelAnimationFrame(n),setTimeout(e)},s=setTimeout(t,35);rn&&(n=requestAnimationFrame(t))}function on(e){e!=1&&Xe==P.requestAnimationFrame||((Xe=P.requestAnimationFrame)||jn)(Kn)}function q(e){var n=x,t=e.__c;typeof t=="function"&&(e.__c=void 0,t()),x=n}function xe(e){var n=x;e.__c=e.__(),x=n}function dn(e,n){return!e||e.length!=n.length||n.some(function(t,s){return!be(t,e[s])})}function un(e,n){return typeof n=="function"?n(e):n}var Ae="sso-console-token",ie="sso-console:unauthenticated";function we(){try{return sessionStorage.getItem(Ae)??""}catch{return""}}function ke(e){e===""?sessionStorage.removeItem(Ae):sessionStorage.setItem(Ae,e)}var G=class extends Error{constructor(t,s){super(t);this.status=s}status;name="RequestError"};async function Q(e,n,t){let s=we(),o=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...s?{authorization:`Bearer ${s}`}:{}},body:JSON.stringify({query:String(e),variables:n}),...t?{signal:t}:{}}),i;try{i=await o.json()}catch{throw new G(`The gateway answered HTTP ${o.status} without a GraphQL body.`,o.status)}let d=(i.errors??[]).map(l=>l.message);if(o.status===401)throw dispatchEvent(new Event(ie)),new G(`${d[0]??"Authentication required."} Paste a token under Credentials.`,401);if(!i.data)throw new G(d.join(" ")||`HTTP ${o.status}`,o.status);return{data:i.data,errors:d}}var qn=Symbol.for("pv"),Wn=0;function r(e,n,t,s,o,i){n||(n={});var d,l,p=n;if("ref"in p&&typeof e!="function")for(l in p={},n)l=="ref"?d=n[l]:p[l]=n[l];var _={type:e,props:p,key:t,ref:d,__k:null,__:null,__b:0,__e:null,__c:null,constructor:qn,__v:--Wn,__i:-1,__u:0};return(o||i)&&(_.__source=o,_.__self=i),C.vnode&&C.vnode(_),_}function cn({onChange:e}){let[n,t]=S(()=>we()!==""),[s,o]=S(""),[i,d]=S(!1);return k(()=>{let l=()=>d(!0);return addEventListener(ie,l),()=>removeEventListener(ie,l)},[]),r("details",{class:"credentials",open:i,onToggle:l=>d(l.currentTarget.open),children:[r("summary",{children:["Credentials ",n?"(token set for this tab)":"(none)"]}),r("form",{onSubmit:l=>{l.preventDefault(),ke(s.trim()),t(s.trim()!==""),o(""),e()},children:[r("label",{children:["Bearer token (JWT or API key), kept in this tab only",r("input",{type:"password",name:"token",autoComplete:"off",value:s,onInput:l=>o(l.currentTarget.value)})]}),r("button",{type:"submit",children:"Use token"}),r("button",{type:"button",disabled:!n,onClick:()=>{ke(""),t(!1),e()},children:"Forget token"})]})]})}function pn(e){let[n="",t=""]=e.replace(/^#\/?/,"").split("?",2);return{view:n,params:new URLSearchParams(t)}}function M(e,n={}){let t=new URLSearchParams(n).toString();return`#/${e}${t?`?${t}`:""}`}function gn(){let[e,n]=S(()=>pn(location.hash));return k(()=>{let t=()=>n(pn(location.hash));return addEventListener("hashchange",t),()=>removeEventListener("hashchange",t)},[]),e}function X(e){return e.steps.filter(n=>n.status!=="APPLIED"&&n.status!=="SKIPPED")}function De(e,n=!0){return n?e==null?"(none)":typeof e=="string"?e:JSON.stringify(e):"(unknown)"}function Yn(e){let n=[`${e.__typename} (${e.code}${e.provider?`, ${e.provider}`:""}): ${e.message}`];if(e.__typename==="ValidationError")for(let t of e.fieldErrors)n.push(`${t.path.join(".")}: ${t.message}`);return e.__typename==="RateLimitedError"&&e.retryAfterSeconds!==null&&n.push(`Try again in ${e.retryAfterSeconds} s.`),n}function Te(e){return"plan"in e&&e.plan?{plan:e.plan}:"code"in e?{error:Yn(e)}:{error:[`Unexpected answer ${e.__typename}.`]}}var D=class extends String{__apiType;value;__meta__;constructor(n,t){super(n),this.value=n,this.__meta__=t}toString(){return this.value}},xt=new D(`
    fragment ConsolePlanFinding on SsoFinding {
  severity
  kind
  summary
}
    `,{fragmentName:"ConsolePlanFinding"}),Et=new D(`
    fragment ConsoleChangePlan on SsoChangePlan {
  id
  domain
  status
  createdAt
  expiresAt
  target {
    entityId
  }
  steps {
    id
    provider
    status
    reason
    connection {
      id
      displayName
    }
    changes {
      field
      current
      currentKnown
      proposed
    }
    error {
      code
      message
    }
  }
  findingsCleared {
    ...ConsolePlanFinding
  }
  findingsCreated {
    ...ConsolePlanFinding
  }
}
    fragment ConsolePlanFinding on SsoFinding {
  severity
  kind
  summary
}`,{fragmentName:"ConsoleChangePlan"}),At=new D(`
    fragment ConsoleMutationError on Error {
  __typename
  code
  message
  provider
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on RateLimitedError {
    retryAfterSeconds
  }
}
    `,{fragmentName:"ConsoleMutationError"}),_n=new D(`
    mutation ConsolePlanSsoChange($input: PlanSsoChangeInput!) {
  planSsoChange(input: $input) {
    __typename
    ... on PlanSsoChangePayload {
      plan {
        ...ConsoleChangePlan
      }
    }
    ...ConsoleMutationError
  }
}
    fragment ConsoleChangePlan on SsoChangePlan {
  id
  domain
  status
  createdAt
  expiresAt
  target {
    entityId
  }
  steps {
    id
    provider
    status
    reason
    connection {
      id
      displayName
    }
    changes {
      field
      current
      currentKnown
      proposed
    }
    error {
      code
      message
    }
  }
  findingsCleared {
    ...ConsolePlanFinding
  }
  findingsCreated {
    ...ConsolePlanFinding
  }
}
fragment ConsolePlanFinding on SsoFinding {
  severity
  kind
  summary
}
fragment ConsoleMutationError on Error {
  __typename
  code
  message
  provider
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on RateLimitedError {
    retryAfterSeconds
  }
}`),mn=new D(`
    mutation ConsoleApplySsoChangePlan($input: ApplySsoChangePlanInput!) {
  applySsoChangePlan(input: $input) {
    __typename
    ... on ApplySsoChangePlanPayload {
      plan {
        ...ConsoleChangePlan
      }
    }
    ...ConsoleMutationError
  }
}
    fragment ConsoleChangePlan on SsoChangePlan {
  id
  domain
  status
  createdAt
  expiresAt
  target {
    entityId
  }
  steps {
    id
    provider
    status
    reason
    connection {
      id
      displayName
    }
    changes {
      field
      current
      currentKnown
      proposed
    }
    error {
      code
      message
    }
  }
  findingsCleared {
    ...ConsolePlanFinding
  }
  findingsCreated {
    ...ConsolePlanFinding
  }
}
fragment ConsolePlanFinding on SsoFinding {
  severity
  kind
  summary
}
fragment ConsoleMutationError on Error {
  __typename
  code
  message
  provider
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on RateLimitedError {
    retryAfterSeconds
  }
}`),fn=new D(`
    query ConsoleSsoChangePlan($id: ID!) {
  ssoChangePlan(id: $id) {
    ...ConsoleChangePlan
  }
}
    fragment ConsoleChangePlan on SsoChangePlan {
  id
  domain
  status
  createdAt
  expiresAt
  target {
    entityId
  }
  steps {
    id
    provider
    status
    reason
    connection {
      id
      displayName
    }
    changes {
      field
      current
      currentKnown
      proposed
    }
    error {
      code
      message
    }
  }
  findingsCleared {
    ...ConsolePlanFinding
  }
  findingsCreated {
    ...ConsolePlanFinding
  }
}
fragment ConsolePlanFinding on SsoFinding {
  severity
  kind
  summary
}`),ae=new D(`
    query ConsoleConnections($domain: String, $providers: [SsoProvider!]) {
  ssoConnections(domain: $domain, providers: $providers) {
    nodes {
      id
      provider
      protocol
      displayName
      status
      domains
      idpEntityId
      certificates {
        subject
        issuer
        notBefore
        notAfter
        daysUntilExpiry
        fingerprintSha256
        source
        use
      }
    }
    failures {
      provider
      code
      message
    }
  }
}
    `),le=new D(`
    query ConsoleHealth($withinDays: Int) {
  ssoHealth(withinDays: $withinDays) {
    generatedAt
    withinDays
    connectionsChecked
    highestSeverity
    findings {
      severity
      kind
      summary
      remedy
      domain
      entityId
      certificate {
        subject
        fingerprintSha256
        daysUntilExpiry
        source
        notBefore
        notAfter
      }
      connections {
        id
        provider
        displayName
      }
    }
  }
}
    `),de=new D(`
    query ConsoleProviders {
  providers {
    provider
    enabled
  }
}
    `);function yn(e){return e?e.slice(0,10):"\u2014"}function ue(e,n){return Math.floor((Date.parse(n)-e)/864e5)}function hn(e){return e<0?`expired ${-e} day${e===-1?"":"s"} ago`:e===0?"expires today":`in ${e} day${e===1?"":"s"}`}function ce(e,n){return e<0?"expired":e<=n?"expiring":"valid"}var K=30;function vn(e,n,t=K){let s=e.certificates.flatMap(d=>d.notAfter?[d.notAfter]:[]),[o]=s.sort();if(o===void 0)return;let i=ue(n,o);return{notAfter:o,days:i,expiry:ce(i,t)}}function U(e){return e.displayName??"(unnamed)"}function Cn(e,n,t){let s=n.trim().toLowerCase();return e.filter(o=>(t===""||o.provider===t)&&(s===""||o.domains.some(i=>i.toLowerCase().includes(s))))}function bn({plan:e,chosen:n,onChoose:t}){let s=new Set(X(e).map(o=>o.id));return r(A,{children:[r("dl",{class:"plan-summary","data-plan":e.id,children:[r("dt",{children:"Plan"}),r("dd",{class:"plan-id",children:e.id}),r("dt",{children:"Domain"}),r("dd",{children:e.domain}),r("dt",{children:"Target entity ID"}),r("dd",{class:"entity-id",children:e.target?.entityId??"(metadata no longer readable)"}),r("dt",{children:"Expires"}),r("dd",{children:[e.expiresAt.slice(0,19).replace("T"," ")," UTC"]}),r("dt",{children:"Status"}),r("dd",{children:r("span",{class:`badge plan-${e.status.toLowerCase()}`,"data-plan-status":e.status,children:e.status})})]}),r("div",{class:"table-frame",children:r("table",{class:"steps",children:[r("caption",{children:[e.steps.length," steps, in the order an apply runs them"]}),r("thead",{children:r("tr",{children:[r("th",{scope:"col",children:"Apply"}),r("th",{scope:"col",children:"Provider"}),r("th",{scope:"col",children:"Connection"}),r("th",{scope:"col",children:"Changes"}),r("th",{scope:"col",children:"Status"}),r("th",{scope:"col",children:"Reason or error"})]})}),r("tbody",{children:e.steps.map(o=>r(Gn,{step:o,applicable:s.has(o.id),chosen:n.has(o.id),onChoose:i=>t(o.id,i)},o.id))})]})}),r(Sn,{title:"Findings the plan clears",id:"findings-cleared",findings:e.findingsCleared}),r(Sn,{title:"Findings the plan creates",id:"findings-created",findings:e.findingsCreated})]})}function Gn({step:e,applicable:n,chosen:t,onChoose:s}){let o=e.connection?U(e.connection):"(connection gone)";return r("tr",{"data-step":e.id,"data-provider":e.provider,"data-status":e.status,"data-connection":e.connection?.id,children:[r("td",{"data-label":"Apply",children:[r("input",{type:"checkbox",name:"step",value:e.id,"aria-label":`Apply ${e.id}: ${e.provider} ${o}`,checked:n&&t,disabled:!n,onChange:i=>s(i.currentTarget.checked)})," ",r("span",{class:"muted",children:e.id})]}),r("td",{"data-label":"Provider",children:e.provider}),r("th",{scope:"row","data-label":"Connection",children:o}),r("td",{"data-label":"Changes",class:"changes",children:e.changes.length===0?r("span",{class:"muted",children:"none"}):r(Xn,{changes:e.changes})}),r("td",{"data-label":"Status",children:r("span",{class:`badge step-${e.status.toLowerCase()}`,children:e.status})}),r("td",{"data-label":"Reason or error",class:"reason",children:[e.reason??"",e.error&&r("span",{class:"step-error",children:[e.error.code,": ",e.error.message]})]})]})}function Xn({changes:e}){return r("ul",{class:"field-changes",children:e.map(n=>r("li",{children:[r("code",{children:n.field}),":"," ",r("span",{class:n.currentKnown&&n.current!==null?"old":"muted",children:De(n.current,n.currentKnown)})," ",r("span",{"aria-hidden":"true",children:"\u2192"}),r("span",{class:"sr-only",children:"becomes"})," ",r("span",{class:"new",children:De(n.proposed)})]},n.field))})}function Sn({title:e,id:n,findings:t}){return r("section",{"aria-labelledby":n,class:n,children:[r("h3",{id:n,children:[e," (",t.length,")"]}),t.length===0?r("p",{class:"muted",children:"None."}):r("ul",{class:"plan-findings",children:t.map((s,o)=>r("li",{"data-kind":s.kind,children:[r("span",{class:`badge severity-${s.severity.toLowerCase()}`,children:s.severity})," ",s.summary]},`${s.kind}-${o}`))})]})}function $({state:e,retry:n,what:t}){return e.status==="loading"?r("p",{class:"status",role:"status",children:["Loading ",t,"\u2026"]}):e.status==="failed"?r("div",{class:"alert",role:"alert",children:[r("p",{children:["Could not load ",t,": ",e.message]}),r("button",{type:"button",onClick:n,children:"Try again"})]}):e.errors.length>0?r(Ne,{children:`Part of the answer failed: ${e.errors.join(" ")}`}):null}function Ne({children:e}){return r("div",{class:"alert",role:"alert",children:e})}function T(e,n){let[t,s]=S({status:"loading"}),[o,i]=S(0),d=JSON.stringify(n);k(()=>{let p=new AbortController;return s({status:"loading"}),Q(e,n,p.signal).then(_=>s({status:"done",..._}),_=>{p.signal.aborted||s({status:"failed",message:_ instanceof Error?_.message:String(_)})}),()=>p.abort()},[e,d,o]);let l=ln(()=>i(p=>p+1),[]);return[t,l]}function Pn({planId:e}){let[n,t]=S(null),[s,o]=S([]),[i,d]=S(null),[l,p]=S(new Set),[_,u]=S(!1);async function c(h,m){t(h),o([]);try{let f=await m();"error"in f?o(f.error):g(f.plan)}catch(f){o([f instanceof Error?f.message:String(f)])}finally{t(null)}}function g(h){d(h),p(new Set(X(h).map(m=>m.id))),history.replaceState(null,"",M("plans",{id:h.id}))}let a=h=>c("Reading the plan",async()=>{let m=await Q(fn,{id:h}),f=m.data.ssoChangePlan;return f?{plan:f}:{error:[...m.errors,`Plan ${h} is unknown or has expired: plan again.`]}});k(()=>{e&&a(e)},[]);let y=h=>{let m=X(h).every(f=>l.has(f.id));return c("Applying",async()=>{let f={planId:h.id,continueOnError:_,...m?{}:{stepIds:[...l]}};return Te((await Q(mn,{input:f})).data.applySsoChangePlan)})};return r("section",{"aria-labelledby":"plans-title","aria-busy":n!==null,children:[r("h2",{id:"plans-title",children:"Change plans"}),r(zn,{busy:n!==null,onPlan:h=>c("Planning",async()=>Te((await Q(_n,{input:h})).data.planSsoChange))}),n&&r("p",{class:"status",role:"status",children:[n,"\u2026"]}),s.length>0&&r(Ne,{children:s.map(h=>r("p",{children:h},h))}),i&&r("section",{"aria-labelledby":"plan-title",class:"plan",children:[r("h3",{id:"plan-title",children:["Plan for ",i.domain]}),r(bn,{plan:i,chosen:l,onChoose:(h,m)=>{let f=new Set(l);m?f.add(h):f.delete(h),p(f)}}),r("div",{class:"filters plan-actions",children:[r("label",{class:"inline",children:[r("input",{type:"checkbox",name:"continueOnError",checked:_,onChange:h=>u(h.currentTarget.checked)}),"Continue after a step that fails"]}),r("button",{type:"button",disabled:n!==null||l.size===0,onClick:()=>y(i),children:["Apply ",l.size," step",l.size===1?"":"s"]}),r("button",{type:"button",disabled:n!==null,onClick:()=>a(i.id),children:"Reload plan"})]})]})]})}function zn({busy:e,onPlan:n}){let[t,s]=T(de,{}),[o,i]=S(""),[d,l]=S("url"),[p,_]=S({url:"",xml:""}),[u,c]=S(new Set);return r("form",{class:"plan-form",onSubmit:g=>{g.preventDefault();let a=d==="url"?{metadataUrl:p.url.trim()}:{metadataXml:p.xml};n({domain:o.trim(),...a,...u.size>0?{providers:[...u]}:{}})},children:[r("label",{children:["Domain",r("input",{name:"domain",required:!0,placeholder:"acme.example",value:o,onInput:g=>i(g.currentTarget.value)})]}),r("fieldset",{children:[r("legend",{children:"New IdP metadata"}),r("label",{class:"inline",children:[r("input",{type:"radio",name:"source",value:"url",checked:d==="url",onChange:()=>l("url")}),"By URL"]}),r("label",{class:"inline",children:[r("input",{type:"radio",name:"source",value:"xml",checked:d==="xml",onChange:()=>l("xml")}),"Pasted XML"]}),d==="url"?r("label",{class:"wide",children:["Metadata URL",r("input",{name:"metadataUrl",type:"url",required:!0,value:p.url,onInput:g=>_({...p,url:g.currentTarget.value})})]}):r("label",{class:"wide",children:["Metadata XML",r("textarea",{name:"metadataXml",required:!0,rows:6,value:p.xml,onInput:g=>_({...p,xml:g.currentTarget.value})})]})]}),r("fieldset",{children:[r("legend",{children:"Providers (every enabled one when none is ticked)"}),r($,{state:t,retry:s,what:"providers"}),t.status==="done"&&t.data.providers.map(g=>r("label",{class:"inline",children:[r("input",{type:"checkbox",name:"provider",value:g.provider,disabled:!g.enabled,checked:u.has(g.provider),onChange:a=>{let y=new Set(u);a.currentTarget.checked?y.add(g.provider):y.delete(g.provider),c(y)}}),g.enabled?g.provider:`${g.provider} (not enabled)`]},g.provider))]}),r("button",{type:"submit",disabled:e,children:"Plan"})]})}function pe({failures:e}){return e.length===0?null:r("div",{class:"alert",role:"alert",children:[r("p",{children:[e.length===1?"One provider":`${e.length} providers`," could not be read; their connections are missing below:"]}),r("ul",{children:e.map(n=>r("li",{"data-failed-provider":n.provider,children:[r("strong",{children:n.provider}),": ",n.code,", ",n.message]},n.provider))})]})}function xn({focus:e}){let[n,t]=T(ae,{}),[s]=T(de,{}),[o,i]=S(""),[d,l]=S(""),p=B(()=>Date.now(),[]),_=n.status==="done"?n.data.ssoConnections.nodes:[],u=Cn(_,o,d);return k(()=>{if(!e||n.status!=="done")return;let c=[...document.querySelectorAll("tr[data-id]")].find(g=>g.dataset.id===e);c?.focus(),c?.scrollIntoView({block:"center"})},[e,n.status]),r("section",{"aria-labelledby":"connections-title",children:[r("h2",{id:"connections-title",children:"Connections"}),r("form",{class:"filters",onSubmit:c=>c.preventDefault(),children:[r("label",{children:["Domain contains",r("input",{type:"search",name:"domain",value:o,onInput:c=>i(c.currentTarget.value)})]}),r("label",{children:["Provider",r("select",{name:"provider",value:d,onChange:c=>l(c.currentTarget.value),children:[r("option",{value:"",children:"All providers"}),s.status==="done"&&s.data.providers.map(c=>r("option",{value:c.provider,children:c.enabled?c.provider:`${c.provider} (not enabled)`},c.provider))]})]}),r("button",{type:"button",onClick:t,children:"Reload"})]}),r($,{state:n,retry:t,what:"connections"}),n.status==="done"&&r(A,{children:[r(pe,{failures:n.data.ssoConnections.failures}),r("p",{class:"count","aria-live":"polite",children:["Showing ",u.length," of ",_.length," connections"]}),r("div",{class:"table-frame",children:r("table",{class:"connections",children:[r("thead",{children:r("tr",{children:[r("th",{scope:"col",children:"Provider"}),r("th",{scope:"col",children:"Protocol"}),r("th",{scope:"col",children:"Name"}),r("th",{scope:"col",children:"Domains"}),r("th",{scope:"col",children:"Status"}),r("th",{scope:"col",children:"IdP entity ID"}),r("th",{scope:"col",children:"Soonest certificate expiry"})]})}),r("tbody",{children:u.map(c=>r("tr",{"data-id":c.id,"data-provider":c.provider,tabIndex:-1,class:e===c.id?"focused":void 0,children:[r("td",{"data-label":"Provider",children:c.provider}),r("td",{"data-label":"Protocol",children:c.protocol??"\u2014"}),r("th",{scope:"row","data-label":"Name",children:U(c)}),r("td",{"data-label":"Domains",children:c.domains.join(", ")||"\u2014"}),r("td",{"data-label":"Status",children:r("span",{class:`badge status-${c.status.toLowerCase()}`,children:c.status})}),r("td",{"data-label":"IdP entity ID",class:"entity-id",children:c.idpEntityId??"\u2014"}),r("td",{"data-label":"Soonest certificate expiry",children:r(Jn,{soonest:vn(c,p)})})]},c.id))})]})})]})]})}function Jn({soonest:e}){return e?r("span",{class:`expiry expiry-${e.expiry}`,"data-expiry":e.expiry,children:[yn(e.notAfter)," (",hn(e.days),")"]}):r("span",{class:"muted",children:"no certificate"})}var Zn=["CRITICAL","ERROR","WARNING","INFO"];function En(){let[e,n]=T(le,{withinDays:K});return r("section",{"aria-labelledby":"health-title",children:[r("h2",{id:"health-title",children:"Health"}),r($,{state:e,retry:n,what:"the health report"}),e.status==="done"&&r(et,{report:e.data.ssoHealth})]})}function et({report:e}){return e.findings.length===0?r("p",{class:"status",children:["No findings across ",e.connectionsChecked," connections."]}):r(A,{children:[r("p",{class:"count",children:[e.findings.length," findings across ",e.connectionsChecked," connections (certificates within ",e.withinDays," days), checked ",e.generatedAt.slice(0,19).replace("T"," ")," UTC."]}),Zn.map(n=>{let t=e.findings.filter(o=>o.severity===n);if(t.length===0)return null;let s=`severity-${n.toLowerCase()}`;return r("section",{"aria-labelledby":s,class:"severity-group",children:[r("h3",{id:s,children:[r("span",{class:`badge severity-${n.toLowerCase()}`,children:n})," ",t.length]}),r("ul",{class:"findings",children:t.map((o,i)=>r(nt,{finding:o},`${o.kind}-${i}`))})]},n)})]})}function nt({finding:e}){return r("li",{class:"finding","data-kind":e.kind,"data-severity":e.severity,children:[r("p",{class:"kind",children:e.kind.replaceAll("_"," ").toLowerCase()}),r("p",{class:"summary",children:e.summary}),r("p",{class:"remedy",children:[r("strong",{children:"Remedy:"})," ",e.remedy]}),e.connections.length>0&&r("p",{class:"involved",children:["Connections:"," ",e.connections.map((n,t)=>r("span",{children:[t>0&&", ",r("a",{href:M("connections",{focus:n.id}),"data-connection":n.id,children:[U(n)," (",n.provider,")"]})]},n.id))]})]})}var tt=22,An=18,kn=11,rt=8,wn=26,Fe=8;function Dn(e,n,t,s,o){let i=e.map(a=>({connection:a,certificates:ot(a,n)})).filter(a=>a.certificates.length>0),d=i.flatMap(a=>a.certificates.flatMap(y=>[Date.parse(y.notBefore),Date.parse(y.notAfter)])),l=t+s*864e5,p=Math.min(t-30*864e5,...d),_=Math.max(l+30*864e5,...d),u=a=>Fe+(a-p)/(_-p)*(o-2*Fe),c=wn,g=i.map(({connection:a,certificates:y})=>{let h={id:a.id,provider:a.provider,label:`${U(a)} \xB7 ${a.provider}`,y:c,bars:[]};c+=tt;for(let m of y){let f=u(Date.parse(m.notBefore)),v=ue(t,m.notAfter);h.bars.push({x:f,y:c+(An-kn)/2,width:Math.max(2,u(Date.parse(m.notAfter))-f),expiry:ce(v,s),drift:m.drift,fingerprint:m.fingerprint,label:st(m,v)}),c+=An}return c+=rt,h});return{width:o,height:c+Fe,axisY:wn-8,ticks:it(p,_).map(a=>({x:u(a),label:String(new Date(a).getUTCFullYear())})).filter(a=>Math.abs(a.x-u(t))>44),today:u(t),window:{x:u(t),width:u(l)-u(t)},groups:g}}var Tn=kn;function ot(e,n){let t=e.certificates.flatMap(o=>o.notBefore&&o.notAfter?[{notBefore:o.notBefore,notAfter:o.notAfter,subject:o.subject,fingerprint:o.fingerprintSha256??"",drift:!1}]:[]),s=n.flatMap(({connectionId:o,certificate:i})=>o===e.id&&i.notBefore&&i.notAfter?[{notBefore:i.notBefore,notAfter:i.notAfter,subject:i.subject,fingerprint:i.fingerprintSha256??"",drift:!0}]:[]);return[...t,...s.filter(o=>!t.some(i=>i.fingerprint===o.fingerprint))]}function st(e,n){let t=n<0?`expired ${-n} days ago`:`expires in ${n} days`,s=e.drift?", published by the IdP metadata but missing from the connection":"";return`${e.subject??"certificate"}: ${e.notBefore.slice(0,10)} to ${e.notAfter.slice(0,10)}, ${t}${s}`}function it(e,n){let t=[];for(let s=new Date(e).getUTCFullYear()+1;Date.UTC(s,0,1)<=n;s++)t.push(Date.UTC(s,0,1));return t}function Nn(){let[e,n]=S(K),[t,s]=T(ae,{}),[o]=T(le,{withinDays:e}),i=dt(),d=B(()=>Date.now(),[]),l=o.status==="done"?o.data.ssoHealth.findings.flatMap(({kind:_,certificate:u,connections:c})=>_==="CERTIFICATE_DRIFT"&&u?c.map(g=>({connectionId:g.id,certificate:u})):[]):[],p=t.status==="done"?Dn(t.data.ssoConnections.nodes,l,d,e,i.value):void 0;return r("section",{"aria-labelledby":"timeline-title",children:[r("h2",{id:"timeline-title",children:"Certificate timeline"}),r("form",{class:"filters",onSubmit:_=>_.preventDefault(),children:r("label",{children:["Expiring window (days)",r("input",{type:"number",min:1,max:365,name:"withinDays",value:e,onChange:_=>{let u=Number(_.currentTarget.value);Number.isInteger(u)&&u>=1&&u<=365&&n(u)}})]})}),r(lt,{withinDays:e}),r($,{state:t,retry:s,what:"certificates"}),t.status==="done"&&r(pe,{failures:t.data.ssoConnections.failures}),r("div",{class:"timeline-frame",ref:i.ref,children:p&&r(at,{layout:p,withinDays:e})})]})}function at({layout:e,withinDays:n}){let t=e.groups.flatMap(o=>o.bars),s=o=>t.filter(i=>i.expiry===o).length;return r("svg",{class:"timeline",role:"img","aria-labelledby":"timeline-caption",width:e.width,height:e.height,viewBox:`0 0 ${e.width} ${e.height}`,children:[r("title",{id:"timeline-caption",children:`${t.length} certificates on ${e.groups.length} connections: ${s("expired")} expired, ${s("expiring")} expiring within ${n} days, ${t.filter(o=>o.drift).length} missing from their connection`}),r("rect",{class:"window",x:e.window.x,y:e.axisY,width:e.window.width,height:e.height-e.axisY,"data-window-days":n}),e.ticks.map(o=>r("g",{class:"tick",children:[r("line",{x1:o.x,x2:o.x,y1:e.axisY,y2:e.height}),r("text",{x:o.x+3,y:e.axisY-4,children:o.label})]},o.label)),e.groups.map(o=>r("g",{class:"group","data-connection":o.id,"data-provider":o.provider,children:[r("a",{href:M("connections",{focus:o.id}),children:r("text",{class:"group-label",x:8,y:o.y+15,children:o.label})}),o.bars.map(i=>r("rect",{class:`bar bar-${i.expiry}${i.drift?" bar-drift":""}`,x:i.x,y:i.y,width:i.width,height:Tn,rx:2,"data-expiry":i.expiry,"data-drift":i.drift?"true":void 0,"aria-label":i.label,children:r("title",{children:i.label})},`${i.fingerprint}-${i.y}`))]},o.id)),r("line",{class:"today",x1:e.today,x2:e.today,y1:e.axisY,y2:e.height,"data-today":"true"}),r("text",{class:"today-label",x:e.today+3,y:e.axisY-4,children:"today"})]})}function lt({withinDays:e}){return r("ul",{class:"legend","aria-label":"Legend",children:[r("li",{children:[r("span",{class:"swatch bar-expired"})," expired"]}),r("li",{children:[r("span",{class:"swatch bar-expiring"})," expires within ",e," days"]}),r("li",{children:[r("span",{class:"swatch bar-valid"})," valid longer"]}),r("li",{children:[r("span",{class:"swatch bar-drift"})," published by the IdP, missing from the connection (drift)"]}),r("li",{children:[r("span",{class:"swatch window"})," today and the next ",e," days"]})]})}function dt(){let e=an(null),[n,t]=S(960);return k(()=>{let s=e.current;if(!s)return;let o=new ResizeObserver(()=>t(Math.max(280,Math.floor(s.clientWidth))));return o.observe(s),()=>o.disconnect()},[]),{ref:e,value:n}}var Re=[{path:"connections",label:"Connections",render:e=>r(xn,{focus:e.get("focus")})},{path:"health",label:"Health",render:()=>r(En,{})},{path:"certificates",label:"Certificate timeline",render:()=>r(Nn,{})},{path:"plans",label:"Change plans",render:e=>r(Pn,{planId:e.get("id")})}];function In(){let e=gn(),[n,t]=S(0),s=Re.find(o=>o.path===e.view)??Re[0];return s?r(A,{children:[r("button",{type:"button",class:"skip",onClick:()=>document.getElementById("main")?.focus(),children:"Skip to content"}),r("header",{class:"top",children:[r("h1",{children:"SSO console"}),r("nav",{"aria-label":"Views",children:r("ul",{children:Re.map(o=>r("li",{children:r("a",{href:M(o.path),"aria-current":o===s?"page":void 0,children:o.label})},o.path))})}),r(cn,{onChange:()=>t(o=>o+1)})]}),r("main",{id:"main",tabIndex:-1,children:s.render(e.params)},`${s.path}-${n}`)]}):null}var Fn=document.getElementById("console");Fn&&Ge(r(In,{}),Fn);})();
