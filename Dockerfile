# neox-check GitHub App server. Build: docker build -t neox-check .
# Run:   docker run --env-file .env -p 3000:3000 neox-check
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0

COPY package.json package-lock.json ./
# tsx (a dependency) runs the TypeScript sources directly, as `npm start` does.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY app.yml ./
COPY tsconfig.json ./
COPY knowledge ./knowledge
COPY src ./src

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
