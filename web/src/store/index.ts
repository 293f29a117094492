/**
 * Redux holds only client state that is not server state: which brand the user works in.
 * Everything read from the API lives in TanStack Query's cache.
 */
import { configureStore, createSlice, type PayloadAction } from "@reduxjs/toolkit";
import { useDispatch, useSelector } from "react-redux";

const BRAND_KEY = "umt.brand"; // an id, not a secret: fine in localStorage

function savedBrand(): string | null {
  try {
    return localStorage.getItem(BRAND_KEY);
  } catch {
    return null;
  }
}

const workspace = createSlice({
  name: "workspace",
  initialState: { brandId: savedBrand() as string | null },
  reducers: {
    chooseBrand(state, action: PayloadAction<string | null>) {
      state.brandId = action.payload;
    },
  },
});

export const { chooseBrand } = workspace.actions;

export function makeStore() {
  const store = configureStore({ reducer: { workspace: workspace.reducer } });
  store.subscribe(() => {
    const id = store.getState().workspace.brandId;
    try {
      if (id) localStorage.setItem(BRAND_KEY, id);
      else localStorage.removeItem(BRAND_KEY);
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
  });
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore["getState"]>;
export const useAppDispatch = useDispatch.withTypes<AppStore["dispatch"]>();
export const useAppSelector = useSelector.withTypes<RootState>();
